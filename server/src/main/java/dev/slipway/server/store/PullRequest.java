package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A pull request from {@code headBranch} into {@code baseBranch} of the same repository. {@code headSha} is the head
 * branch's tip when last seen (kept while the pull request is open, frozen when it closes); {@code baseSha} likewise.
 * {@code autoMergeMethod} is set while auto-merge is enabled.
 */
public record PullRequest(
        long id,
        long repoId,
        long number,
        String title,
        String body,
        String author,
        String headBranch,
        String baseBranch,
        String headSha,
        String baseSha,
        boolean open,
        boolean merged,
        Optional<String> mergedBy,
        Optional<String> mergeSha,
        Optional<String> mergeMethod,
        Optional<String> autoMergeMethod,
        Optional<String> autoMergeBy,
        Instant created,
        Instant updated,
        Optional<Instant> closed,
        Optional<Instant> mergedAt) {

    /** {@code open} or {@code closed}, as GitHub spells it. */
    public String state() {
        return open ? "open" : "closed";
    }
}
