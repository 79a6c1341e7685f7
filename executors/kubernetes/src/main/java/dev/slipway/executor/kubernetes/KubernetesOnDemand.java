package dev.slipway.executor.kubernetes;

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
import java.util.Optional;

/**
 * A {@link KubernetesExecutor} made at the first job that needs it, so a machine without a cluster pays nothing for
 * the mapping; a failure to configure the client fails that job with the reason and is tried again at the next one.
 * This class names no fabric8 type, so a command that never runs a pod loads none of them.
 */
public final class KubernetesOnDemand implements Executor {
    /** Makes the executor. */
    @FunctionalInterface
    interface Connect {
        KubernetesExecutor connect() throws ExecutorException;
    }

    private final Connect connect;
    private Optional<KubernetesExecutor> executor = Optional.empty();

    KubernetesOnDemand(Connect connect) {
        this.connect = connect;
    }

    /**
     * The executor, connected with {@code config} (read then) by {@link KubernetesExecutor#create} at the first job, for
     * a command line where a label may map to {@code kubernetes://IMAGE} on a machine with no cluster.
     */
    public static Executor of(java.util.function.Supplier<KubernetesConfig> config) {
        return new KubernetesOnDemand(() -> {
            try {
                return KubernetesExecutor.create(config.get());
            } catch (IllegalArgumentException e) {
                throw new ExecutorException("kubernetes executor: " + e.getMessage(), e);
            }
        });
    }

    private synchronized KubernetesExecutor executor() throws ExecutorException {
        if (executor.isEmpty()) {
            executor = Optional.of(connect.connect());
        }
        return executor.get();
    }

    /** Only called with handles of a job it prepared, so the executor exists. */
    private synchronized KubernetesExecutor connected() {
        return executor.orElseThrow();
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public boolean supportsContainers() {
        return true;
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        return executor().prepareJob(spec);
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        return connected().startStep(job, step);
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        connected().logs(step, sink);
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        return connected().awaitStep(step, timeout);
    }

    @Override
    public void destroyStep(StepHandle step) {
        connected().destroyStep(step);
    }

    @Override
    public void destroyJob(JobHandle job) {
        connected().destroyJob(job);
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        return executor().buildImage(context, dockerfile, tag, sink);
    }
}
