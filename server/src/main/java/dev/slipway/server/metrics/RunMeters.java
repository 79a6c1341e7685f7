package dev.slipway.server.metrics;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Run;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Counts runs and jobs by conclusion and times their queue wait and durations from the timestamps of their rows. */
final class RunMeters implements RunMetrics {
    private final MeterRegistry registry;
    private final Timer queueWait;
    private final Timer jobQueueWait;
    private final Timer dispatchLatency;

    RunMeters(MeterRegistry registry) {
        this.registry = registry;
        this.queueWait = Timer.builder("slipway.workflow.run.queue.wait")
                .description("Time from a run's creation until it started")
                .register(registry);
        this.jobQueueWait = Timer.builder("slipway.job.queue.wait")
                .description("Time from a job being queued to an agent leasing it")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        this.dispatchLatency = Timer.builder("slipway.job.dispatch.latency")
                .description("Time from a job being queued to its first step event arriving from an agent")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    @Override
    public void runStarted(Run run) {
        between(Optional.of(run.created()), run.started()).ifPresent(queueWait::record);
    }

    @Override
    public void runCompleted(Run run) {
        var conclusion = tag(run.conclusion());
        registry.counter("slipway.workflow.runs", "conclusion", conclusion).increment();
        between(run.started(), run.completed())
                .ifPresent(d -> Timer.builder("slipway.workflow.run.duration")
                        .description("Time from a run's start until it completed")
                        .tag("conclusion", conclusion)
                        .register(registry)
                        .record(d));
    }

    @Override
    public void jobLeased(java.time.Duration queueWait) {
        jobQueueWait.record(queueWait);
    }

    @Override
    public void jobStartedOnAgent(java.time.Duration sinceQueued) {
        dispatchLatency.record(sinceQueued);
    }

    @Override
    public void jobCompleted(Job job) {
        var conclusion = tag(job.conclusion());
        registry.counter("slipway.jobs", "conclusion", conclusion).increment();
        between(job.started(), job.completed())
                .ifPresent(d -> Timer.builder("slipway.job.duration")
                        .description("Time from a job's start until it completed")
                        .tag("conclusion", conclusion)
                        .register(registry)
                        .record(d));
    }

    static String tag(Optional<Conclusion> conclusion) {
        return conclusion.map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("none");
    }

    /** The time between two instants; none when either is missing or they are out of order (clock steps). */
    static Optional<Duration> between(Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty() || to.get().isBefore(from.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(from.get(), to.get()));
    }
}
