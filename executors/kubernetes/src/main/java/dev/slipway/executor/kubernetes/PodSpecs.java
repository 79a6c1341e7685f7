package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pod of one job: the job container, which idles until steps are exec'd in it, with the workspace and runner temp
 * as {@code emptyDir} volumes at their host paths; each service as another container of the pod, reachable on {@code
 * localhost} and, through {@code hostAliases}, by its id.
 */
final class PodSpecs {
    static final String JOB_CONTAINER = "job";
    static final String WORKSPACE_VOLUME = "slipway-workspace";
    static final String TEMP_VOLUME = "slipway-runner-temp";
    static final List<String> KEEP_ALIVE = List.of("sh", "-c", "trap 'exit 0' TERM; while sleep 3600; do :; done");

    private PodSpecs() {}

    /**
     * The job's pod.
     *
     * @param main the job container: its image, env, ports and volumes
     * @param jobOptions the parsed {@code container.options}
     * @param serviceOptions the parsed options of each service, in order
     */
    static Pod pod(
            String name,
            String namespace,
            JobSpec spec,
            KubernetesConfig config,
            ContainerSpec main,
            PodOptions jobOptions,
            List<PodOptions> serviceOptions)
            throws ExecutorException {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        volumes.put(WORKSPACE_VOLUME, emptyDir(WORKSPACE_VOLUME));
        volumes.put(TEMP_VOLUME, emptyDir(TEMP_VOLUME));
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                mount(WORKSPACE_VOLUME, spec.workspace().toString(), false),
                mount(TEMP_VOLUME, spec.runnerTemp().toString(), false)));
        mounts.addAll(volumes(main, volumes, "the job container"));
        if (jobOptions.entrypoint().isPresent()) {
            throw new ExecutorException("--entrypoint is not supported for the job container: it runs the executor's"
                    + " keep-alive command (use it for services)");
        }
        ContainerBuilder job = container(JOB_CONTAINER, main, jobOptions, config)
                .withCommand(KEEP_ALIVE)
                .withWorkingDir(jobOptions.workdir().orElse(spec.workspace().toString()))
                .withVolumeMounts(mounts);
        if (jobOptions.cpus().isEmpty() && jobOptions.memory().isEmpty()) {
            resources(job, config.cpu(), config.memory());
        }
        List<Container> containers = new ArrayList<>(List.of(job.build()));
        Set<String> names = new LinkedHashSet<>(List.of(JOB_CONTAINER));
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < spec.services().size(); i++) {
            ServiceSpec s = spec.services().get(i);
            String cname = Labels.containerName(s.id());
            if (!names.add(cname)) {
                throw new ExecutorException("service '" + s.id() + "' would be container '" + cname
                        + "' of the pod, a name already taken; rename the service");
            }
            containers.add(service(cname, s, serviceOptions.get(i), config, volumes));
            aliases.add(s.id());
        }
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Labels.of(spec.jobKey()))
                .withAnnotations(Map.of(Labels.JOB, spec.jobKey()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(5L)
                .withContainers(containers)
                .withVolumes(List.copyOf(volumes.values()))
                .withNodeSelector(config.nodeSelector().isEmpty() ? null : config.nodeSelector())
                .withServiceAccountName(config.serviceAccount().orElse(null))
                .endSpec();
        if (!aliases.isEmpty()) {
            pod.editSpec()
                    .addNewHostAlias()
                    .withIp("127.0.0.1")
                    .withHostnames(aliases)
                    .endHostAlias()
                    .endSpec();
        }
        return pod.build();
    }

    private static Container service(
            String name, ServiceSpec s, PodOptions o, KubernetesConfig config, Map<String, Volume> volumes)
            throws ExecutorException {
        ContainerSpec c = s.container();
        ContainerBuilder b =
                container(name, c, o, config).withVolumeMounts(volumes(c, volumes, "service '" + s.id() + "'"));
        c.entrypoint().or(o::entrypoint).ifPresent(e -> b.withCommand(List.of(e)));
        c.command().ifPresent(cmd -> b.withArgs(PodOptions.words(cmd)));
        o.workdir().ifPresent(b::withWorkingDir);
        o.healthCmd()
                .ifPresent(cmd -> b.withReadinessProbe(new ProbeBuilder()
                        .withNewExec()
                        .withCommand("sh", "-c", cmd)
                        .endExec()
                        .withPeriodSeconds(o.healthIntervalSeconds().orElse(30))
                        .withTimeoutSeconds(o.healthTimeoutSeconds().orElse(30))
                        .withFailureThreshold(o.healthRetries().orElse(3))
                        .withInitialDelaySeconds(o.healthStartSeconds().orElse(0))
                        .build()));
        return b.build();
    }

    /** What the job container and services share: image, pull policy, env, ports, limits and security context. */
    private static ContainerBuilder container(String name, ContainerSpec c, PodOptions o, KubernetesConfig config)
            throws ExecutorException {
        if (c.credentials().isPresent()) {
            throw new ExecutorException("registry credentials for '" + c.image() + "' are not supported by the"
                    + " kubernetes executor; give the pods' service account an imagePullSecret instead");
        }
        Map<String, String> env = new LinkedHashMap<>(c.env());
        env.putAll(o.env());
        List<EnvVar> vars = new ArrayList<>();
        env.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
        List<ContainerPort> ports = new ArrayList<>();
        for (String p : c.ports()) {
            ports.add(port(p));
        }
        ContainerBuilder b = new ContainerBuilder()
                .withName(name)
                .withImage(c.image())
                .withImagePullPolicy(config.pullPolicy().orElse(null))
                .withEnv(vars)
                .withPorts(ports);
        resources(b, o.cpus(), o.memory());
        if (o.user().isPresent() || o.privileged()) {
            b.withSecurityContext(new SecurityContextBuilder()
                    .withRunAsUser(o.user().orElse(null))
                    .withRunAsGroup(o.group().orElse(null))
                    .withPrivileged(o.privileged() ? Boolean.TRUE : null)
                    .build());
        }
        return b;
    }

    private static void resources(ContainerBuilder b, Optional<String> cpu, Optional<String> memory) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        cpu.ifPresent(v -> amounts.put("cpu", new Quantity(v)));
        memory.ifPresent(v -> amounts.put("memory", new Quantity(v)));
        if (!amounts.isEmpty()) {
            b.withResources(new ResourceRequirementsBuilder()
                    .withRequests(amounts)
                    .withLimits(amounts)
                    .build());
        }
    }

    /** {@code 5432}, {@code 8080:80}, {@code 127.0.0.1:8080:80}, {@code 53/udp}: the container's port counts. */
    static ContainerPort port(String written) throws ExecutorException {
        String p = written.strip();
        String protocol = "TCP";
        int slash = p.indexOf('/');
        if (slash >= 0) {
            protocol = p.substring(slash + 1).toUpperCase(java.util.Locale.ROOT);
            p = p.substring(0, slash);
        }
        String container = p.substring(p.lastIndexOf(':') + 1);
        if (!container.matches("\\d{1,5}") || !List.of("TCP", "UDP", "SCTP").contains(protocol)) {
            throw new ExecutorException("port '" + written + "' is not [host:]container[/tcp|udp]");
        }
        return new ContainerPortBuilder()
                .withContainerPort(Integer.parseInt(container))
                .withProtocol(protocol)
                .build();
    }

    /** Named and anonymous volumes become {@code emptyDir}s of the pod (shared by name); host paths are refused. */
    private static List<VolumeMount> volumes(ContainerSpec c, Map<String, Volume> volumes, String what)
            throws ExecutorException {
        List<VolumeMount> mounts = new ArrayList<>();
        for (String v : c.volumes()) {
            String[] parts = v.split(":", -1);
            boolean readOnly = parts.length == 3 && parts[2].equals("ro");
            if (parts.length == 1) {
                String name = "anon-" + Integer.toHexString(parts[0].hashCode());
                volumes.putIfAbsent(name, emptyDir(name));
                mounts.add(mount(name, parts[0], false));
            } else if (parts[0].startsWith("/") || parts[0].startsWith(".")) {
                throw new ExecutorException("volume '" + v + "' of " + what + " mounts a host path, which a pod"
                        + " cannot see; use a named volume (name:" + parts[1] + ")");
            } else {
                String name = "vol-" + Labels.containerName(parts[0]);
                volumes.putIfAbsent(name, emptyDir(name));
                mounts.add(mount(name, parts[1], readOnly));
            }
        }
        return mounts;
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(path)
                .withReadOnly(readOnly ? Boolean.TRUE : null)
                .build();
    }
}
