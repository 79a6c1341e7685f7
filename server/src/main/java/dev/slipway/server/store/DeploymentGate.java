package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A job's wait at its environment's protection rules.
 *
 * @param timerStarted when the environment's wait timer started (after approval, or at once without reviewers)
 */
public record DeploymentGate(
        long jobId, long runId, long environmentId, State state, Optional<Instant> timerStarted, Instant created) {

    /** Where the wait is. */
    public enum State {
        /** For one of the required reviewers. */
        WAITING,
        /** Approved, or nobody's approval needed: the wait timer runs, if there is one. */
        APPROVED,
        /** A reviewer rejected the deployment: the job fails. */
        REJECTED,
        /** The job went on to run. */
        PASSED
    }
}
