package dev.slipway.server.store;

/** What to do at start-up with jobs that were in progress when the server stopped without warning. */
public enum RecoveryPolicy {
    /** Fail them with "server restarted" (right when their agent ran inside the dead server). */
    FAIL,
    /** Queue them again while they have attempts left, fail the rest. */
    REQUEUE
}
