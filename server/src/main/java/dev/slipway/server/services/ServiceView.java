package dev.slipway.server.services;

import java.util.Optional;

/**
 * A service as the API and the pages show it: its router's address, the stable and canary releases, the canary's
 * share of the requests, its replicas, and its latest rollout's phase and message.
 *
 * @param url the router's address, empty before the first rollout
 * @param ready replicas running whose readiness check passed
 * @param desired replicas it should have (0 while its schedule holds it down)
 * @param phase {@code progressing}, {@code paused}, {@code succeeded}, {@code rolled_back}, or {@code none} before
 *     any rollout
 */
public record ServiceView(
        long id,
        String name,
        String environment,
        String url,
        Optional<Version> stable,
        Optional<Version> canary,
        int weight,
        int ready,
        int desired,
        int replicas,
        boolean scaledDown,
        String strategy,
        String phase,
        String message,
        Optional<Long> latestRollout) {

    /** A release: its revision and version. */
    public record Version(int revision, String version) {
        @Override
        public String toString() {
            return version + " (r" + revision + ")";
        }
    }

    /** Whether a rollout waits at a pause (Promote ends it). */
    public boolean paused() {
        return phase.equals("paused");
    }

    /** Whether a rollout runs (Abort rolls it back). */
    public boolean running() {
        return phase.equals("progressing") || phase.equals("paused");
    }
}
