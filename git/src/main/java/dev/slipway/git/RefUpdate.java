package dev.slipway.git;

import java.util.List;
import java.util.Optional;

/**
 * A ref a push changed, with the commits it brought: for an update those in {@code before..after}; for a new ref
 * those reachable from no ref that existed before the push; none for a delete. {@code commits} holds the most recent
 * ones (at most the configured cap), oldest first, so the last one is the head commit; {@code totalCommits} counts
 * all of them (counting stops at 10,000). {@code head} is the commit the ref now points to, brought or not (a tag on
 * a commit pushed before brings none); empty for a delete or a ref to something other than a commit.
 */
public record RefUpdate(RefChange change, List<PushedCommit> commits, int totalCommits, Optional<PushedCommit> head) {
    /** Copies the list. */
    public RefUpdate {
        commits = List.copyOf(commits);
    }

    /** An update whose head is the last of {@code commits}, if any. */
    public RefUpdate(RefChange change, List<PushedCommit> commits, int totalCommits) {
        this(change, commits, totalCommits, commits.isEmpty() ? Optional.empty() : Optional.of(commits.getLast()));
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
