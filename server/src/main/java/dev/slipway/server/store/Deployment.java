package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A deployment a job made to an environment (GitHub's deployment object, task {@code deploy}).
 *
 * @param ref the branch or tag name the run ran at (the full ref otherwise)
 * @param creator the login of the run's actor
 */
public record Deployment(
        long id,
        long repoId,
        String environment,
        String ref,
        String sha,
        Optional<Long> runId,
        Optional<Long> jobId,
        String creator,
        Instant created,
        Instant updated) {

    /**
     * A status of a deployment.
     *
     * @param state {@code queued}, {@code waiting}, {@code in_progress}, {@code success}, {@code failure},
     *     {@code error} or {@code inactive}
     * @param environmentUrl the job's evaluated {@code environment.url}, or empty
     * @param logUrl the job's page, or empty
     */
    public record Status(
            long id,
            long deploymentId,
            String state,
            String description,
            String environmentUrl,
            String logUrl,
            String creator,
            Instant created) {}

    /** What makes a deployment. */
    public record Draft(
            long repoId, String environment, String ref, String sha, long runId, long jobId, String creator) {}

    /** Which deployments a listing wants; empty fields match all. */
    public record Filter(long repoId, Optional<String> environment, Optional<String> ref, Optional<String> sha) {}
}
