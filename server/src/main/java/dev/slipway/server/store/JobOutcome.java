package dev.slipway.server.store;

/** What lease expiry or crash recovery did to one in-progress job. */
public record JobOutcome(long jobId, Kind kind) {
    /** Back in the queue with the next attempt number, or completed as a failure. */
    public enum Kind {
        REQUEUED,
        FAILED
    }
}
