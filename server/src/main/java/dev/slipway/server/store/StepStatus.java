package dev.slipway.server.store;

/** Where a step is. */
public enum StepStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED
}
