package dev.slipway.expr;

/** The status the status functions ({@code success()}, {@code failure()}, {@code cancelled()}) look at. */
public enum JobStatus {
    SUCCESS,
    FAILURE,
    CANCELLED
}
