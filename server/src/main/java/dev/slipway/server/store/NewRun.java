package dev.slipway.server.store;

import java.util.Optional;

/**
 * What starts a workflow run; {@link Runs#create} gives it the next number of its repository.
 *
 * @param workflowPath such as {@code .github/workflows/ci.yml}
 * @param ref the full ref, such as {@code refs/heads/main}
 * @param displayTitle GitHub's {@code display_title}; empty: the workflow's name
 * @param headBranch the branch GitHub reports (a pull request's head branch, a tag's name), for filtering
 * @param eventPayload the event as JSON text
 */
public record NewRun(
        long repoId,
        String workflowPath,
        String name,
        Optional<String> displayTitle,
        String event,
        String ref,
        Optional<String> headBranch,
        String sha,
        String actor,
        String eventPayload,
        Optional<String> concurrencyGroup) {

    /**
     * A run whose head branch is the branch or tag its ref names ({@code refs/heads/x}, {@code refs/tags/v1}), titled
     * by its workflow's name, with no concurrency group.
     */
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
                repoId,
                workflowPath,
                name,
                Optional.empty(),
                event,
                ref,
                branchOrTag(ref),
                sha,
                actor,
                eventPayload,
                Optional.empty());
    }

    /** A copy in a concurrency group. */
    public NewRun withConcurrencyGroup(String group) {
        return new NewRun(
                repoId,
                workflowPath,
                name,
                displayTitle,
                event,
                ref,
                headBranch,
                sha,
                actor,
                eventPayload,
                Optional.of(group));
    }

    /**
     * {@code main} for {@code refs/heads/main}, {@code v1.2.0} for {@code refs/tags/v1.2.0} (GitHub reports a tag
     * push's tag as its head branch); empty for other refs.
     */
    public static Optional<String> branchOrTag(String ref) {
        for (var prefix : new String[] {"refs/heads/", "refs/tags/"}) {
            if (ref.startsWith(prefix)) {
                return Optional.of(ref.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
