package dev.slipway.server.pulls;

/** A pull request operation that cannot be done, with a message for the user and the kind of refusal. */
public final class PullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: the API answers 422, 404, 403, 409 and 405 respectively, as GitHub does. */
    public enum Kind {
        INVALID,
        NOT_FOUND,
        FORBIDDEN,
        CONFLICT,
        NOT_MERGEABLE
    }

    private final Kind kind;

    PullException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** Why the operation was refused. */
    public Kind kind() {
        return kind;
    }

    static PullException invalid(String message) {
        return new PullException(Kind.INVALID, message);
    }
}
