package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LineQueue;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs container jobs through the Docker Engine API (Docker, or Podman's Docker-compatible socket).
 *
 * <p>{@link #prepareJob} creates a network per job, starts the services on it (reachable by their id, published ports
 * in {@link JobHandle#services()}) and waits until they are healthy, then starts the job container with a keep-alive
 * command, the workspace and runner temp mounted at the same absolute paths, and the engine socket at {@code
 * /var/run/docker.sock} ({@code DOCKER_HOST} in {@link JobHandle#stepEnvironment()}). Steps are execs in the job
 * container, with stderr merged into stdout inside the container; Docker action steps run containers of their own on
 * the job network. Every resource is labelled {@code dev.slipway.job}, {@code dev.slipway.managed=true} and {@code
 * dev.slipway.owner=<pid>@<host>}, so {@link #reapOrphans} can remove what a crashed process left.
 *
 * <p>Jobs without an image or container are refused: run them with the host executor, or through {@link
 * #withHostSteps} when they have services.
 */
public final class DockerExecutor implements Executor, AutoCloseable {
    /** Where the engine socket is mounted inside job and action containers. */
    public static final String SOCKET_IN_CONTAINER = "/var/run/docker.sock";

    private static final List<String> KEEP_ALIVE = List.of("sh", "-c", "while sleep 3600; do :; done");

    private final Engine engine;
    private final DockerClient client;
    private final AtomicInteger counter = new AtomicInteger();

    private DockerExecutor(Engine engine) {
        this.engine = engine;
        this.client = engine.client();
    }

    /**
     * Connects to {@code dockerHost} when given, else to {@code $DOCKER_HOST}, {@code /var/run/docker.sock} or {@code
     * /run/podman/podman.sock}, whichever answers first.
     *
     * @throws ExecutorException naming every address tried when no engine answers
     */
    public static DockerExecutor create(Optional<String> dockerHost) throws ExecutorException {
        return new DockerExecutor(Engine.connect(dockerHost, Optional.ofNullable(System.getenv("DOCKER_HOST"))));
    }

    /**
     * Removes containers, networks and volumes that executors of this machine created and whose process is gone.
     *
     * @return how many resources were removed
     */
    int reapOrphans() {
        return Reaper.reap(client);
    }

    /**
     * {@link #reapOrphans} on a daemon thread of its own, so the first job does not wait for it: it never removes what
     * a live process made, and every resource name has a random part, so no leftover can be in a new job's way. It
     * used to run first, on a connection of its own (a ping, a client, three listings): a run of one container job
     * took 1.241 s then, 1.206 s now (medians of 10). A failure is left for the next process to retry.
     */
    Thread reapInBackground() {
        return Thread.ofPlatform().daemon().name("slipway-docker-reaper").start(() -> {
            try {
                reapOrphans();
            } catch (RuntimeException e) {
                // best effort: the leftovers stay until the next connection removes them
            }
        });
    }

    DockerClient client() {
        return client;
    }

    /** The address of the engine in use, e.g. {@code unix:///run/podman/podman.sock}. */
    public String dockerHost() {
        return engine.host();
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean supportsContainers() {
        return true;
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        if (!spec.containerized()) {
            throw new ExecutorException("the docker executor runs only container jobs, and job " + spec.jobKey()
                    + " has neither container: nor an image for its runs-on label; run it with the host executor");
        }
        ContainerSpec main =
                spec.container().orElseGet(() -> ContainerSpec.of(spec.image().orElseThrow()));
        ContainerOptions mainOptions = options("the job container", main.options());
        if (mainOptions.entrypoint().isPresent()) {
            throw new ExecutorException("--entrypoint is not supported for the job container: its entrypoint is the"
                    + " executor's keep-alive command (use it for services and Docker actions)");
        }
        return setUp(spec, job -> JobSetup.startJobContainer(engine, job, main, mainOptions, KEEP_ALIVE));
    }

    /**
     * An executor that also serves host jobs with {@code services:}: it starts their services here, on a network of
     * their own with ports published on {@code 127.0.0.1}, and runs their steps with {@code hostSteps}. Jobs with
     * neither container nor services go to {@code hostSteps}, their Docker action steps excepted; container jobs run
     * here. It uses this executor's connection: close this executor after the last job.
     */
    public Executor withHostSteps(Executor hostSteps) {
        return new ServicesForHostJobs(name(), () -> this, hostSteps);
    }

    /**
     * The executor for a machine that may or may not have a container engine: host jobs run on {@code hostSteps}
     * without touching the engine, and the engine is connected only when a job has a container, services or a Docker
     * action; what crashed runs left is then removed meanwhile ({@link #reapInBackground}).
     *
     * @param name the executor's name, e.g. {@code host} when it serves the host labels
     */
    public static Executor connectingOnDemand(String name, Optional<String> dockerHost, Executor hostSteps) {
        return new ServicesForHostJobs(
                name,
                () -> {
                    DockerExecutor docker = create(dockerHost);
                    docker.reapInBackground();
                    return docker;
                },
                hostSteps);
    }

    /** Creates the network of a job that has no job container and starts its services on it. */
    DockerJob prepareServices(JobSpec spec) throws ExecutorException {
        return setUp(spec, job -> {});
    }

    /** The last part of preparing a job, after its network and services. */
    @FunctionalInterface
    private interface Setup {
        void run(DockerJob job) throws ExecutorException;
    }

    /** Creates the network, starts the services, then {@code last}; removes everything made when a part fails. */
    private DockerJob setUp(JobSpec spec, Setup last) throws ExecutorException {
        List<ContainerOptions> serviceOptions = new ArrayList<>();
        for (ServiceSpec s : spec.services()) {
            serviceOptions.add(options("service '" + s.id() + "'", s.container().options()));
        }
        DockerJob job = new DockerJob(spec, Labels.resourceName(spec.jobKey()));
        try {
            if (!spec.services().isEmpty()) { // services are reached by their id: that needs a network of the job's own
                job.network(client.createNetworkCmd()
                        .withName(job.name())
                        .withDriver("bridge")
                        .withLabels(Labels.of(spec.jobKey()))
                        .exec()
                        .getId());
            }
            JobSetup.startServices(client, job, serviceOptions);
            last.run(job);
            return job;
        } catch (ExecutorException | RuntimeException e) {
            // interrupted (a cancel): the engine's calls that remove what was started must not be interrupted too
            boolean interrupted = Thread.interrupted();
            try {
                destroyJob(job);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (e instanceof ExecutorException ee) {
                throw ee;
            }
            throw new ExecutorException("cannot prepare job " + spec.jobKey() + ": " + e.getMessage(), e);
        }
    }

    private static ContainerOptions options(String what, Optional<String> text) throws ExecutorException {
        try {
            return text.map(ContainerOptions::parse).orElseGet(ContainerOptions::none);
        } catch (IllegalArgumentException e) {
            throw new ExecutorException("options of " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        DockerJob dockerJob = dockerJob(job);
        if (dockerJob.isDestroyed()) {
            throw new ExecutorException("job " + job.spec().jobKey() + " was already destroyed");
        }
        if (step.command().isEmpty() && step.container().isEmpty()) {
            throw new ExecutorException("step " + step.name() + " has an empty command");
        }
        DockerStep started;
        try {
            started = step.container().isPresent() ? startAction(dockerJob, step) : startExec(dockerJob, step);
        } catch (RuntimeException e) {
            throw new ExecutorException("cannot start step " + step.name() + ": " + e.getMessage(), e);
        }
        if (!dockerJob.add(started)) {
            Steps.destroy(client, started);
            throw new ExecutorException("job " + job.spec().jobKey() + " was destroyed while the step started");
        }
        return started;
    }

    private DockerStep startExec(DockerJob job, StepSpec step) {
        return Steps.exec(client, job.jobContainer().orElseThrow(), step, step.env());
    }

    private DockerStep startAction(DockerJob job, StepSpec step) throws ExecutorException {
        StepSpec.StepContainer action = step.container().orElseThrow();
        Images.ensure(client, action.image(), Optional.empty());
        String id = Containers.create(
                client,
                job,
                new Containers.Request(
                        job.name() + "-step-" + counter.incrementAndGet(),
                        action.image(),
                        step.env(),
                        List.of(),
                        List.of(),
                        ContainerOptions.none(),
                        JobSetup.binds(engine, job),
                        step.command(),
                        action.entrypoint().map(List::of),
                        Optional.of(step.workingDirectory().toString()),
                        job.networkMode(),
                        List.of()));
        client.startContainerCmd(id).exec();
        return Steps.follow(client, id, step);
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        LineQueue lines = dockerStep(step).output().lines();
        try {
            Optional<String> line;
            while ((line = lines.take()).isPresent()) {
                sink.line(line.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        DockerStep s = dockerStep(step);
        StepExit exit = Steps.await(client, s, timeout);
        if (s.isAction() && !exit.timedOut()) {
            Steps.quietly(() -> client.removeContainerCmd(s.containerId())
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec());
        }
        return exit;
    }

    @Override
    public void destroyStep(StepHandle step) {
        Steps.destroy(client, dockerStep(step));
    }

    @Override
    public void destroyJob(JobHandle job) {
        Optional<DockerJob.Leftovers> left = dockerJob(job).markDestroyed();
        if (left.isEmpty()) {
            return;
        }
        List<DockerStep> running = new ArrayList<>();
        for (DockerStep s : left.get().steps()) {
            if (s.markDestroyed() && !s.output().ended()) {
                s.killed();
                running.add(s);
            }
        }
        for (String id : left.get().containers()) {
            Steps.quietly(() -> client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec());
        }
        left.get()
                .network()
                .ifPresent(n -> Steps.quietly(() -> client.removeNetworkCmd(n).exec()));
        for (String v : left.get().volumes()) {
            Steps.quietly(() -> client.removeVolumeCmd(v).exec());
        }
        running.forEach(s -> s.output().endAfter(200));
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        return Images.build(client, context, dockerfile, tag, sink);
    }

    /** Closes the connection to the engine; jobs still running keep their containers until reaped. */
    @Override
    public void close() {
        engine.close();
    }

    private static DockerJob dockerJob(JobHandle job) {
        if (job instanceof DockerJob d) {
            return d;
        }
        throw new IllegalArgumentException("not a job of the docker executor: " + job);
    }

    private static DockerStep dockerStep(StepHandle step) {
        if (step instanceof DockerStep d) {
            return d;
        }
        throw new IllegalArgumentException("not a step of the docker executor: " + step);
    }
}
