package dev.slipway.runtime.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What an executor needs to prepare a job.
 *
 * @param jobKey unique key of this job attempt, for labels and temporary names (e.g. {@code run-12/build/1})
 * @param workspace the job's working tree on this machine, created by the runtime ({@code GITHUB_WORKSPACE})
 * @param runnerTemp a per-job temporary directory on this machine, created by the runtime ({@code RUNNER_TEMP}); the
 *     environment files live here
 * @param labels the {@code runs-on} labels this job matched
 * @param image the container image for a container job; empty for a host job
 */
public record JobSpec(
        String jobKey, Path workspace, Path runnerTemp, Map<String, String> labels, Optional<String> image) {
    public JobSpec {
        labels = Map.copyOf(labels);
    }
}
