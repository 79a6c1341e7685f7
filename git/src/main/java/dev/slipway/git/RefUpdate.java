package dev.slipway.git;

import java.util.List;

/**
 * A ref a push changed, with the commits it brought: for an update those in {@code before..after}; for a new ref
 * those reachable from no ref that existed before the push; none for a delete. {@code commits} holds the most recent
 * ones (at most the configured cap), oldest first, so the last one is the head commit; {@code totalCommits} counts
 * all of them (counting stops at 10,000).
 */
public record RefUpdate(RefChange change, List<PushedCommit> commits, int totalCommits) {
    /** Copies the list. */
    public RefUpdate {
        commits = List.copyOf(commits);
    }

    /** The full ref name. */
    public String ref() {
        return change.ref();
    }

    /** The old id, or {@link RefChange#ZERO}. */
    public String before() {
        return change.before();
    }

    /** The new id, or {@link RefChange#ZERO}. */
    public String after() {
        return change.after();
    }

    /** How the ref changed. */
    public RefChange.Type type() {
        return change.type();
    }
}
