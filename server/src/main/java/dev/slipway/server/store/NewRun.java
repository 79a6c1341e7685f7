package dev.slipway.server.store;

import java.util.Optional;

/**
 * What starts a workflow run; {@link Runs#create} gives it the next number of its repository.
 *
 * @param workflowPath such as {@code .github/workflows/ci.yml}
 * @param ref the full ref, such as {@code refs/heads/main}
 * @param headBranch the branch GitHub reports (a pull request's head branch), for filtering
 * @param eventPayload the event as JSON text
 */
public record NewRun(
        long repoId,
        String workflowPath,
        String name,
        String event,
        String ref,
        Optional<String> headBranch,
        String sha,
        String actor,
        String eventPayload,
        Optional<String> concurrencyGroup) {

    /** A run whose head branch is the one its ref names ({@code refs/heads/x}), with no concurrency group. */
    public static NewRun of(
            long repoId,
            String workflowPath,
            String name,
            String event,
            String ref,
            String sha,
            String actor,
            String eventPayload) {
        return new NewRun(
                repoId, workflowPath, name, event, ref, branchOf(ref), sha, actor, eventPayload, Optional.empty());
    }

    /** A copy in a concurrency group. */
    public NewRun withConcurrencyGroup(String group) {
        return new NewRun(
                repoId, workflowPath, name, event, ref, headBranch, sha, actor, eventPayload, Optional.of(group));
    }

    /** {@code main} for {@code refs/heads/main}; empty for tags and other refs. */
    public static Optional<String> branchOf(String ref) {
        return ref.startsWith("refs/heads/") ? Optional.of(ref.substring("refs/heads/".length())) : Optional.empty();
    }
}
