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

/**
 * The docker executor plus a host executor for host jobs ({@link DockerExecutor#withHostSteps}).
 *
 * <ul>
 *   <li>A container job (a {@code container:} or an image for its label) runs in the docker executor.
 *   <li>A host job with {@code services:} gets its services from the docker executor (their own network, ports on
 *       {@code 127.0.0.1}, {@link JobHandle#services()} filled in) and its steps run by the host executor; its Docker
 *       action steps run as containers on the services' network.
 *   <li>Any other job goes to the host executor untouched: it never reaches the container engine.
 * </ul>
 *
 * <p>Calls are routed by the handle's type, so they are as thread-safe as the two executors.
 */
final class ServicesForHostJobs implements Executor {
    private final DockerExecutor docker;
    private final Executor hostSteps;

    ServicesForHostJobs(DockerExecutor docker, Executor hostSteps) {
        this.docker = docker;
        this.hostSteps = hostSteps;
    }

    /** A host job and the engine job (network and services) started for it. */
    record HostJobWithServices(JobHandle host, DockerJob engineJob) implements JobHandle {
        @Override
        public JobSpec spec() {
            return host.spec();
        }

        @Override
        public Map<String, ServiceInfo> services() {
            return engineJob.services();
        }

        @Override
        public Map<String, String> stepEnvironment() {
            return host.stepEnvironment();
        }
    }

    @Override
    public String name() {
        return docker.name();
    }

    @Override
    public boolean supportsContainers() {
        return true;
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        if (spec.containerized()) {
            return docker.prepareJob(spec);
        }
        if (spec.services().isEmpty()) {
            return hostSteps.prepareJob(spec);
        }
        DockerJob services = docker.prepareServices(spec);
        try {
            return new HostJobWithServices(hostSteps.prepareJob(spec), services);
        } catch (ExecutorException | RuntimeException e) {
            docker.destroyJob(services);
            throw e;
        }
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        return switch (job) {
            case DockerJob d -> docker.startStep(d, step);
            case HostJobWithServices h when step.container().isPresent() -> docker.startStep(h.engineJob(), step);
            case HostJobWithServices h -> hostSteps.startStep(h.host(), step);
            default -> hostSteps.startStep(job, step);
        };
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
        switch (job) {
            case DockerJob d -> docker.destroyJob(d);
            case HostJobWithServices h -> {
                try {
                    hostSteps.destroyJob(h.host());
                } finally {
                    docker.destroyJob(h.engineJob());
                }
            }
            default -> hostSteps.destroyJob(job);
        }
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        return docker.buildImage(context, dockerfile, tag, sink);
    }

    private Executor executorOf(StepHandle step) {
        return step instanceof DockerStep ? docker : hostSteps;
    }
}
