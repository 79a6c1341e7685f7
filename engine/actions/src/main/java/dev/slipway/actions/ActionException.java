package dev.slipway.actions;

/** An action could not be resolved or materialized; the message names the action and the locations tried. */
public final class ActionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ActionException(String message) {
        super(message);
    }

    public ActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
