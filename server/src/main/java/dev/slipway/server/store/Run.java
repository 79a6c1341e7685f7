package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A workflow run.
 *
 * @param number counts from 1 in each repository
 * @param displayTitle GitHub's {@code display_title}: the rendered {@code run-name}, the head commit's subject, the pull
 *     request's title or the workflow's name
 * @param attempt 1, then one more on each re-run
 */
public record Run(
        long id,
        long repoId,
        long number,
        String workflowPath,
        String name,
        String displayTitle,
        String event,
        String ref,
        Optional<String> headBranch,
        String sha,
        String actor,
        RunStatus status,
        Optional<Conclusion> conclusion,
        int attempt,
        String eventPayload,
        Optional<String> concurrencyGroup,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> completed) {}
