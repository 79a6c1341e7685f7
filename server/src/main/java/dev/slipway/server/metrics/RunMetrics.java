package dev.slipway.server.metrics;

import dev.slipway.server.store.Job;
import dev.slipway.server.store.Run;

/**
 * What the run service reports about workflow runs and jobs, as store rows read after each change. Implementations
 * are thread-safe and never throw: metrics must not break a run.
 */
public interface RunMetrics {
    /** A run that does not record anything. */
    RunMetrics NONE = new RunMetrics() {
        @Override
        public void runStarted(Run run) {}

        @Override
        public void runCompleted(Run run) {}

        @Override
        public void jobCompleted(Job job) {}
    };

    /** A run left the queue: its row has moved to in_progress, with {@code started} set. */
    void runStarted(Run run);

    /** A run has ended: its row is completed, with a conclusion. */
    void runCompleted(Run run);

    /** A job has ended: its row is completed, with a conclusion. */
    void jobCompleted(Job job);

    /** An agent leased a job {@code queueWait} after it was queued. */
    default void jobLeased(java.time.Duration queueWait) {}

    /** The first event of a job arrived from its agent {@code sinceQueued} after the job was queued. */
    default void jobStartedOnAgent(java.time.Duration sinceQueued) {}
}
