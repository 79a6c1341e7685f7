package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs container jobs in Kubernetes pods, as the Actions Runner Controller's "kubernetes mode" does (ADR 0018).
 *
 * <p>{@link #prepareJob} creates one pod per job in the configured namespace: the job container (from {@code
 * container:}, the image of the job's {@code runs-on} label, or the configured default) idles while each step is an
 * exec in it; each service is another container of the pod, reachable on {@code localhost} and by its id. It waits
 * until the pod is ready (images pulled, services' readiness probes passing), then copies the workspace and runner
 * temp in. Before each step the runner temp (and the workspace, when the host changed it) is copied in again, and
 * after it both are copied back, so the runtime and the actions that run on the host see what the step wrote.
 *
 * <p>Pods are labelled {@code slipway.dev/managed=true} with their owner process; {@link #create} deletes what a
 * crashed process of this host left. Docker actions and image builds are refused.
 */
public final class KubernetesExecutor implements Executor, AutoCloseable {

    private final KubernetesClient client;
    private final KubernetesConfig config;
    private final String namespace;
    private final AtomicInteger counter = new AtomicInteger();
    private final UnaryOperator<String> podNames;
    private final JobCopies copies;

    /**
     * An executor on {@code client}.
     *
     * @param podNames makes a pod's name from the job key (tests fix it)
     * @param files copies the workspace in and out
     */
    KubernetesExecutor(
            KubernetesClient client, KubernetesConfig config, UnaryOperator<String> podNames, PodFiles files) {
        this.client = client;
        this.config = config;
        this.podNames = podNames;
        this.copies = new JobCopies(files, this::jobContainer);
        this.namespace = config.namespace()
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElse("default");
    }

    /**
     * Connects to the cluster of the current kubeconfig context, or of the pod's service account inside a cluster, and
     * deletes, in the background, the pods that crashed processes of this host left.
     */
    public static KubernetesExecutor create(KubernetesConfig config) throws ExecutorException {
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().build();
        } catch (RuntimeException e) {
            throw new ExecutorException(
                    "cannot configure the Kubernetes client (kubeconfig or in-cluster service" + " account): "
                            + e.getMessage(),
                    e);
        }
        KubernetesExecutor executor = new KubernetesExecutor(client, config, Labels::podName, PodFiles.EXEC);
        Thread.ofPlatform().daemon().name("slipway-k8s-reaper").start(() -> {
            try {
                executor.reapOrphans();
            } catch (RuntimeException e) {
                // best effort: the next process retries
            }
        });
        return executor;
    }

    /** Deletes this host's pods whose owner process is gone; returns how many. */
    int reapOrphans() {
        return Reaper.reap(client, namespace);
    }

    /** The namespace the pods are created in. */
    public String namespace() {
        return namespace;
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
        Optional<ContainerSpec> main =
                spec.container().or(() -> spec.image().or(config::defaultImage).map(ContainerSpec::of));
        if (main.isEmpty()) {
            throw new ExecutorException("job " + spec.jobKey() + " has no image for the kubernetes executor: give it"
                    + " container:, map its runs-on label to kubernetes://IMAGE, or configure a default image");
        }
        PodOptions jobOptions = options("the job container", main.get().options());
        List<PodOptions> serviceOptions = new ArrayList<>();
        for (ServiceSpec s : spec.services()) {
            serviceOptions.add(options("service '" + s.id() + "'", s.container().options()));
        }
        String name = podNames.apply(spec.jobKey());
        Pod pod = PodSpecs.pod(name, namespace, spec, config, main.get(), jobOptions, serviceOptions);
        try {
            client.pods().inNamespace(namespace).resource(pod).create();
        } catch (RuntimeException e) {
            throw new ExecutorException(
                    "cannot create pod " + namespace + "/" + name + " on " + client.getMasterUrl() + ": "
                            + Labels.reason(e),
                    e);
        }
        KubeJob job = new KubeJob(spec, namespace, name, services(spec, pod));
        try {
            PodStart.awaitReady(client, namespace, name, config.startTimeout());
            copies.in(job, List.of());
            return job;
        } catch (ExecutorException | RuntimeException e) {
            boolean interrupted = Thread.interrupted(); // a cancel: the deletion must not be interrupted too
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
            throw new ExecutorException("cannot prepare job " + spec.jobKey() + ": " + Labels.reason(e), e);
        }
    }

    /** Services share the pod's network: each port is reached on localhost at the container's own port. */
    private static Map<String, JobHandle.ServiceInfo> services(JobSpec spec, Pod pod) {
        Map<String, JobHandle.ServiceInfo> out = new LinkedHashMap<>();
        for (int i = 0; i < spec.services().size(); i++) {
            var c = pod.getSpec().getContainers().get(i + 1);
            Map<String, String> ports = new TreeMap<>();
            for (ContainerPort p : c.getPorts()) {
                String port = Integer.toString(p.getContainerPort());
                ports.put(
                        "TCP".equals(p.getProtocol())
                                ? port
                                : port + "/" + p.getProtocol().toLowerCase(java.util.Locale.ROOT),
                        port);
            }
            String id = spec.services().get(i).id();
            out.put(id, new JobHandle.ServiceInfo(id, pod.getMetadata().getName() + "/" + c.getName(), "", ports));
        }
        return out;
    }

    private static PodOptions options(String what, Optional<String> text) throws ExecutorException {
        try {
            return PodOptions.parse(text.orElse(""));
        } catch (IllegalArgumentException e) {
            throw new ExecutorException("options of " + what + ": " + e.getMessage(), e);
        }
    }

    ContainerResource jobContainer(KubeJob job) {
        return client.pods().inNamespace(job.namespace()).withName(job.pod()).inContainer(PodSpecs.JOB_CONTAINER);
    }

    @Override
    public StepHandle startStep(JobHandle handle, StepSpec step) throws ExecutorException {
        KubeJob job = kubeJob(handle);
        if (job.isDestroyed()) {
            throw new ExecutorException("job " + job.spec().jobKey() + " was already destroyed");
        }
        if (step.container().isPresent()) {
            throw new ExecutorException("step " + step.name() + " runs a Docker action ("
                    + step.container().get().image() + "), which the kubernetes executor cannot run: a pod cannot"
                    + " start containers of its own; use a run: step or a JavaScript action");
        }
        if (step.command().isEmpty()) {
            throw new ExecutorException("step " + step.name() + " has an empty command");
        }
        Path envFile = StepExec.envFile(job.spec().runnerTemp(), counter.incrementAndGet());
        try {
            StepExec.writeEnv(envFile, step.env());
        } catch (IOException e) {
            throw new ExecutorException("cannot write the environment of step " + step.name() + ": " + e.getMessage());
        }
        copies.in(job, List.of(envFile));
        KubeStep started;
        try {
            started = new KubeStep(
                    step,
                    job,
                    jobContainer(job)
                            .redirectingOutput()
                            .exec(StepExec.command(step, envFile).toArray(String[]::new)));
        } catch (RuntimeException e) {
            throw new ExecutorException(
                    "cannot start step " + step.name() + " in pod " + job.pod() + ": " + Labels.reason(e), e);
        }
        if (!job.add(started)) {
            started.watch().close();
            throw new ExecutorException("job " + job.spec().jobKey() + " was destroyed while the step started");
        }
        return started;
    }

    @Override
    public void logs(StepHandle handle, LogSink sink) {
        KubeStep step = kubeStep(handle);
        try {
            List<String> batch = new ArrayList<>();
            while (step.lines().drainTo(batch)) {
                batch.forEach(sink::line);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        PodSteps.copyBack(step, copies).ifPresent(message -> sink.line("::error::" + message));
    }

    @Override
    public StepExit awaitStep(StepHandle handle, Duration timeout) throws InterruptedException {
        return PodSteps.await(kubeStep(handle), timeout);
    }

    @Override
    public void destroyStep(StepHandle handle) {
        KubeStep step = kubeStep(handle);
        PodSteps.destroy(step, jobContainer(step.job()));
    }

    @Override
    public void destroyJob(JobHandle handle) {
        KubeJob job = kubeJob(handle);
        Optional<List<KubeStep>> left = job.markDestroyed();
        if (left.isEmpty()) {
            return;
        }
        for (KubeStep s : left.get()) {
            if (s.markDestroyed() && !s.watch().exitCode().isDone()) {
                s.killed();
            }
            s.watch().close();
        }
        try {
            client.pods()
                    .inNamespace(job.namespace())
                    .withName(job.pod())
                    .withGracePeriod(0)
                    .delete();
        } catch (RuntimeException e) {
            // already gone, or the cluster is unreachable: the reaper of a later process deletes it
        }
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        throw new ExecutorException("the kubernetes executor cannot build images: Docker actions need the docker"
                + " executor (map the job's runs-on label to docker://IMAGE)");
    }

    /** Closes the connection to the cluster; pods of jobs still running stay until a later process reaps them. */
    @Override
    public void close() {
        client.close();
    }

    private static KubeJob kubeJob(JobHandle job) {
        if (job instanceof KubeJob k) {
            return k;
        }
        throw new IllegalArgumentException("not a job of the kubernetes executor: " + job);
    }

    private static KubeStep kubeStep(StepHandle step) {
        if (step instanceof KubeStep k) {
            return k;
        }
        throw new IllegalArgumentException("not a step of the kubernetes executor: " + step);
    }
}
