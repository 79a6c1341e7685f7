package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A rollout of a release to a service, and who asked for it: a job (with its deployment, when it has one) or a user.
 *
 * @param phase {@code progressing}, {@code paused}, {@code succeeded} or {@code rolled_back}
 * @param weight the new release's share of the requests (0–100)
 */
public record Rollout(
        long id,
        long serviceId,
        int revision,
        String strategy,
        String phase,
        int weight,
        String message,
        Optional<Long> runId,
        Optional<Long> jobId,
        Optional<Long> deploymentId,
        String creator,
        Instant created,
        Instant updated,
        Optional<Instant> completed) {

    /** Whether it has ended (succeeded or rolled back). */
    public boolean done() {
        return phase.equals("succeeded") || phase.equals("rolled_back");
    }

    /** What makes a rollout. */
    public record Draft(
            long serviceId,
            int revision,
            String strategy,
            Optional<Long> runId,
            Optional<Long> jobId,
            Optional<Long> deploymentId,
            String creator) {}

    /** Something a rollout did, in words for people. */
    public record Event(long id, long rolloutId, String phase, int weight, String message, Instant at) {}
}
