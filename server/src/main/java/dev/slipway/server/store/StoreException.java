package dev.slipway.server.store;

/**
 * A persistence failure worth telling a user about: a bad database URL, an unreachable or locked
 * database, a failed migration, or a broken uniqueness rule. The message is meant to be shown as
 * is, without a stack trace.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message for users. */
    public StoreException(String message) {
        super(message);
    }

    /** Creates an exception with a message for users and the cause, kept for logs. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
