package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.slipway.runtime.spi.ExecutorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates the executor's containers from a spec's image, env, ports, volumes and parsed options. */
final class Containers {
    static final String LOOPBACK = "127.0.0.1";

    private Containers() {}

    /**
     * What to create.
     *
     * @param binds extra host paths mounted at the same path (workspace, runner temp) or elsewhere (socket)
     * @param cmd the command; empty for the image's
     * @param entrypoint overrides the image's when present (wins over {@code --entrypoint})
     */
    record Request(
            String name,
            String image,
            Map<String, String> env,
            List<String> ports,
            List<String> volumes,
            ContainerOptions options,
            List<Bind> binds,
            List<String> cmd,
            Optional<List<String>> entrypoint,
            Optional<String> workingDir,
            String network,
            List<String> aliases) {}

    /** Creates the container (not started) and records it and any volume it created in {@code job}. */
    static String create(DockerClient client, DockerJob job, Request r) throws ExecutorException {
        ContainerOptions o = r.options();
        List<Bind> binds = new ArrayList<>(r.binds());
        for (String v : r.volumes()) {
            binds.add(bind(client, job, VolumeMount.parse(v)));
        }
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        // A host job reaches its services through published ports: keep them on loopback unless an address is given.
        Optional<String> defaultHostIp = job.spec().containerized() ? Optional.empty() : Optional.of(LOOPBACK);
        for (String p : r.ports()) {
            PortMapping mapping = PortMapping.parse(p);
            exposed.add(mapping.exposedPort());
            bindings.bind(mapping.exposedPort(), mapping.binding(defaultHostIp));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(r.network())
                .withBinds(binds)
                .withPortBindings(bindings)
                .withPrivileged(o.privileged());
        o.nanoCpus().ifPresent(host::withNanoCPUs);
        o.memoryBytes().ifPresent(host::withMemory);
        List<String> env = new ArrayList<>();
        r.env().forEach((k, v) -> env.add(k + "=" + v));
        o.env().forEach((k, v) -> env.add(k + "=" + v));
        List<String> aliases = new ArrayList<>(r.aliases());
        aliases.addAll(o.networkAliases());
        CreateContainerCmd cmd = client.createContainerCmd(r.image())
                .withName(r.name())
                .withLabels(Labels.of(job.spec().jobKey()))
                .withEnv(env)
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (!aliases.isEmpty()) {
            cmd.withAliases(aliases);
        }
        if (!r.cmd().isEmpty()) {
            cmd.withCmd(r.cmd());
        }
        r.entrypoint().or(() -> o.entrypoint().map(List::of)).ifPresent(cmd::withEntrypoint);
        r.workingDir().or(o::workdir).ifPresent(cmd::withWorkingDir);
        o.user().ifPresent(cmd::withUser);
        healthCheck(o.health()).ifPresent(cmd::withHealthcheck);
        try {
            String id = cmd.exec().getId();
            job.addContainer(id);
            return id;
        } catch (RuntimeException e) {
            throw new ExecutorException(
                    "cannot create container " + r.name() + " from '" + r.image() + "': " + e.getMessage(), e);
        }
    }

    private static Bind bind(DockerClient client, DockerJob job, VolumeMount m) {
        AccessMode mode = m.readOnly() ? AccessMode.ro : AccessMode.rw;
        if (m.source().isEmpty()) {
            // An anonymous volume: removed with its container.
            String name = job.name() + "-vol-" + Integer.toHexString(m.target().hashCode());
            createVolume(client, job, name);
            return new Bind(name, new Volume(m.target()), mode);
        }
        if (m.named()) {
            createVolume(client, job, m.source().get());
        }
        return new Bind(m.source().get(), new Volume(m.target()), mode);
    }

    /** Creates a labelled volume unless it exists; only volumes created here are removed with the job. */
    private static void createVolume(DockerClient client, DockerJob job, String name) {
        try {
            client.inspectVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            client.createVolumeCmd()
                    .withName(name)
                    .withLabels(Labels.of(job.spec().jobKey()))
                    .exec();
            job.addVolume(name);
        }
    }

    static Optional<HealthCheck> healthCheck(ContainerOptions.Health h) {
        if (h.equals(ContainerOptions.Health.NONE)) {
            return Optional.empty();
        }
        HealthCheck check = new HealthCheck();
        h.command().ifPresent(c -> check.withTest(List.of("CMD-SHELL", c)));
        h.interval().map(Duration::toNanos).ifPresent(check::withInterval);
        h.timeout().map(Duration::toNanos).ifPresent(check::withTimeout);
        h.retries().ifPresent(check::withRetries);
        h.startPeriod().map(Duration::toNanos).ifPresent(check::withStartPeriod);
        return Optional.of(check);
    }
}
