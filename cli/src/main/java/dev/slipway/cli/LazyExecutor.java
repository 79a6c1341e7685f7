package dev.slipway.cli;

import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An executor created on first use: runs that need no container never connect to a container engine (and never
 * pay for loading its client).
 */
final class LazyExecutor implements Executor {
    /** Creates the real executor; may fail when, e.g., no container engine answers. */
    @FunctionalInterface
    interface Factory {
        Executor create() throws ExecutorException;
    }

    private final String name;
    private final boolean containers;
    private final Factory factory;
    private @Nullable Executor delegate;

    LazyExecutor(String name, boolean containers, Factory factory) {
        this.name = name;
        this.containers = containers;
        this.factory = factory;
    }

    private synchronized Executor delegate() throws ExecutorException {
        if (delegate == null) {
            delegate = factory.create();
        }
        return delegate;
    }

    /** The executor when it was created, for calls that only make sense after {@link #prepareJob}. */
    private synchronized Executor created() {
        if (delegate == null) {
            throw new IllegalStateException("executor " + name + " used before prepareJob");
        }
        return delegate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supportsContainers() {
        return containers;
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        return delegate().prepareJob(spec);
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        return created().startStep(job, step);
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        created().logs(step, sink);
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        return created().awaitStep(step, timeout);
    }

    @Override
    public void destroyStep(StepHandle step) {
        created().destroyStep(step);
    }

    @Override
    public void destroyJob(JobHandle job) {
        created().destroyJob(job);
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        return delegate().buildImage(context, dockerfile, tag, sink);
    }
}
