package dev.slipway.server.store;

/** How a completed run, job or step ended, as GitHub names it ({@code timed_out}, ...). */
public enum Conclusion {
    SUCCESS,
    FAILURE,
    CANCELLED,
    SKIPPED,
    TIMED_OUT,
    NEUTRAL,
    ACTION_REQUIRED
}
