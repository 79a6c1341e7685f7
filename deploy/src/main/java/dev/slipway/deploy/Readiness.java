package dev.slipway.deploy;

import java.time.Duration;

/**
 * How a replica is found ready: {@code GET path} answers 2xx or 3xx, asked every {@code period}; a replica not ready
 * within {@code timeout} of its start (or whose process or container ends) fails the rollout.
 */
public record Readiness(String path, Duration period, Duration timeout) {
    public static Readiness of(String path) {
        return new Readiness(path, Duration.ofMillis(500), Duration.ofSeconds(60));
    }
}
