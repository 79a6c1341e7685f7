package dev.slipway.expr;

/** The status the status functions ({@code success()}, {@code failure()}, {@code cancelled()}) look at. */
public enum JobStatus {
    SUCCESS,
    FAILURE,
    CANCELLED,
    /**
     * For a job's {@code if}: a job it depends on, directly or further up its {@code needs}, did not succeed (was
     * skipped) and none failed, so neither {@code success()} nor {@code failure()} holds, as GitHub evaluates them
     * over all of a job's dependencies.
     */
    NOT_ALL_SUCCEEDED
}
