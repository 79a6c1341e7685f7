package dev.slipway.runtime.spi;

/** An executor could not do what was asked; the message is meant for the user. */
public final class ExecutorException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
