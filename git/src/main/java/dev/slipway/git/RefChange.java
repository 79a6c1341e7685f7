package dev.slipway.git;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One ref a push changes: full ref name, old and new object ids (40 zeros for "none", as in GitHub payloads), kind.
 */
public record RefChange(String ref, String before, String after, Type type) {
    /** The all-zero id that stands for "no object". */
    public static final String ZERO = ObjectId.zeroId().name();

    /** How the ref changes. */
    public enum Type {
        /** The ref is new. */
        CREATE,
        /** A fast-forward: {@code before} is an ancestor of {@code after}. */
        UPDATE,
        /** The ref is removed. */
        DELETE,
        /** A non-fast-forward (force) update. */
        FORCE
    }

    /** Whether the ref is a branch ({@code refs/heads/}). */
    public boolean isBranch() {
        return ref.startsWith(Constants.R_HEADS);
    }

    /** Whether the ref is a tag ({@code refs/tags/}). */
    public boolean isTag() {
        return ref.startsWith(Constants.R_TAGS);
    }

    /** The short name, e.g. {@code main} or {@code v1}. */
    public String shortName() {
        return Repository.shortenRefName(ref);
    }
}
