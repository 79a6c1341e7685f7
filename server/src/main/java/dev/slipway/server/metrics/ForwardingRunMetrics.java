package dev.slipway.server.metrics;

import dev.slipway.server.store.Job;
import dev.slipway.server.store.Run;
import java.time.Duration;

/** Passes every report on to {@code next}; a subclass adds what it does with some of them. */
public abstract class ForwardingRunMetrics implements RunMetrics {
    private final RunMetrics next;

    protected ForwardingRunMetrics(RunMetrics next) {
        this.next = next;
    }

    @Override
    public void runStarted(Run run) {
        next.runStarted(run);
    }

    @Override
    public void runCompleted(Run run) {
        next.runCompleted(run);
    }

    @Override
    public void jobCompleted(Job job) {
        next.jobCompleted(job);
    }

    @Override
    public void jobLeased(Duration queueWait) {
        next.jobLeased(queueWait);
    }

    @Override
    public void jobStartedOnAgent(Duration sinceQueued) {
        next.jobStartedOnAgent(sinceQueued);
    }
}
