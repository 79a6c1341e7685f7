package dev.slipway.server.store;

/**
 * Where a job is: {@code waiting} for its {@code needs}, {@code queued} for an agent, {@code in_progress}
 * on an agent holding its lease, or {@code completed} with a {@link Conclusion}.
 */
public enum JobStatus {
    WAITING,
    QUEUED,
    IN_PROGRESS,
    COMPLETED
}
