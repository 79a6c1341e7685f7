package dev.slipway.server.store;

/** Where a workflow run is, as GitHub names it ({@code queued}, {@code in_progress}, {@code completed}). */
public enum RunStatus {
    QUEUED,
    IN_PROGRESS,
    COMPLETED
}
