package dev.slipway.deploy;

import java.util.Map;

/**
 * One version of a service: {@code revision} counts the releases of a service from 1; {@code version} is what people
 * call it (a version number, a commit, an image tag).
 */
public record Release(int revision, String version, Workload workload, Map<String, String> env) {
    public Release {
        env = Map.copyOf(env);
    }
}
