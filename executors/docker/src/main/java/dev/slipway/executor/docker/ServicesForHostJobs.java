package dev.slipway.executor.docker;

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
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The docker executor plus a host executor for host jobs ({@link DockerExecutor#withHostSteps}).
 *
 * <ul>
 *   <li>A container job (a {@code container:} or an image for its label) runs in the docker executor.
 *   <li>A host job with {@code services:} gets its services from the docker executor (their own network, ports on
 *       {@code 127.0.0.1}, {@link JobHandle#services()} filled in) and its steps run by the host executor.
 *   <li>Any other job runs on the host executor; only when one of its steps is a Docker action does it get an
 *       engine job (a network) for that action's container.
 * </ul>
 *
 * <p>The connection to the engine is made on first need, so a machine without a container engine runs host jobs
 * without ever noticing. Calls are routed by the handle's type, so they are as thread-safe as the two executors.
 */
final class ServicesForHostJobs implements Executor {
    /** Connects to the engine when first needed; fails with a message naming what was tried. */
    @FunctionalInterface
    interface Engine {
        DockerExecutor connect() throws ExecutorException;
    }

    private final String name;
    private final Engine engine;
    private final Executor hostSteps;
    private @Nullable DockerExecutor docker;

    ServicesForHostJobs(String name, Engine engine, Executor hostSteps) {
        this.name = name;
        this.engine = engine;
        this.hostSteps = hostSteps;
    }

    private synchronized DockerExecutor docker() throws ExecutorException {
        if (docker == null) {
            docker = engine.connect();
        }
        return docker;
    }

    /** A host job and, once it needs one, the engine job (network, services) started for it. */
    static final class HostJob implements JobHandle {
        private final JobHandle host;
        private @Nullable DockerJob engineJob;

        HostJob(JobHandle host, @Nullable DockerJob engineJob) {
            this.host = host;
            this.engineJob = engineJob;
        }

        @Override
        public JobSpec spec() {
            return host.spec();
        }

        @Override
        public synchronized Map<String, ServiceInfo> services() {
            return engineJob == null ? Map.of() : engineJob.services();
        }

        @Override
        public Map<String, String> stepEnvironment() {
            return host.stepEnvironment();
        }

        synchronized DockerJob engineJob(DockerExecutor docker) throws ExecutorException {
            if (engineJob == null) {
                engineJob = docker.prepareServices(host.spec());
            }
            return engineJob;
        }

        synchronized @Nullable DockerJob startedEngineJob() {
            return engineJob;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supportsContainers() {
        return true;
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        if (spec.containerized()) {
            return docker().prepareJob(spec);
        }
        if (spec.services().isEmpty()) {
            return new HostJob(hostSteps.prepareJob(spec), null);
        }
        DockerExecutor d = docker();
        DockerJob services = d.prepareServices(spec);
        try {
            return new HostJob(hostSteps.prepareJob(spec), services);
        } catch (ExecutorException | RuntimeException e) {
            d.destroyJob(services);
            throw e;
        }
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        if (job instanceof DockerJob d) {
            return docker().startStep(d, step);
        }
        HostJob h = hostJob(job);
        if (step.container().isPresent()) {
            DockerExecutor d = docker();
            return d.startStep(h.engineJob(d), step);
        }
        return hostSteps.startStep(h.host, step);
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        executorOf(step).logs(step, sink);
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        return executorOf(step).awaitStep(step, timeout);
    }

    @Override
    public void destroyStep(StepHandle step) {
        executorOf(step).destroyStep(step);
    }

    /** Destroys the host job first, so that no step is left talking to a removed service. */
    @Override
    public void destroyJob(JobHandle job) {
        if (job instanceof DockerJob d) {
            connected().destroyJob(d);
            return;
        }
        HostJob h = hostJob(job);
        try {
            hostSteps.destroyJob(h.host);
        } finally {
            DockerJob engineJob = h.startedEngineJob();
            if (engineJob != null) {
                connected().destroyJob(engineJob);
            }
        }
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        return docker().buildImage(context, dockerfile, tag, sink);
    }

    /** The engine, for calls that only come after it was connected (a docker step or job exists). */
    private synchronized DockerExecutor connected() {
        if (docker == null) {
            throw new IllegalStateException("no container engine connected");
        }
        return docker;
    }

    private Executor executorOf(StepHandle step) {
        return step instanceof DockerStep ? connected() : hostSteps;
    }

    private static HostJob hostJob(JobHandle job) {
        if (job instanceof HostJob h) {
            return h;
        }
        throw new IllegalArgumentException("not a job of this executor: " + job);
    }
}
