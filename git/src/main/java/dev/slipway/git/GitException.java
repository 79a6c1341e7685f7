package dev.slipway.git;

/** A git hosting operation that cannot be done; {@link #kind()} tells the server which HTTP status fits. */
public final class GitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Kind {
        /** An owner, repository, branch or path name that is not allowed. */
        INVALID_NAME,
        /** The repository (or ref) to create already exists. */
        ALREADY_EXISTS,
        /** The repository, ref, commit or path does not exist. */
        NOT_FOUND,
        /** A revision expression that cannot be parsed or is ambiguous. */
        INVALID_REF,
        /** A file is larger than the reader allows. */
        TOO_LARGE,
        /** The disk or the object database failed. */
        IO,
        /** A merge has conflicts, or a ref moved while it was being updated. */
        CONFLICT
    }

    private final Kind kind;

    GitException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    GitException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Why the operation failed. */
    public Kind kind() {
        return kind;
    }
}
