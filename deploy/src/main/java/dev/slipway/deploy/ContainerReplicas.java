package dev.slipway.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Replicas as containers ({@link Workload.Container}) through the Docker Engine API (Docker, or Podman's compatible
 * socket): labelled {@code slipway.service} and {@code slipway.revision}, the workload's port published on 127.0.0.1
 * at a port the engine picks, an init as PID 1. Containers outlive the server; {@link #adopt} finds the running ones by their label.
 */
public final class ContainerReplicas implements ReplicaRuntime, AutoCloseable {
    static final String SERVICE = "slipway.service";
    static final String REVISION = "slipway.revision";

    private final DockerClient client;

    private ContainerReplicas(DockerClient client) {
        this.client = client;
    }

    /**
     * Connects to {@code engine} (e.g. {@code unix:///run/podman/podman.sock}) or, when empty, to {@code DOCKER_HOST},
     * the Docker socket or Podman's, the first that answers.
     */
    public static ContainerReplicas connect(Optional<String> engine) throws IOException {
        return new ContainerReplicas(DockerEngine.connect(engine, Optional.ofNullable(System.getenv("DOCKER_HOST"))));
    }

    @Override
    public Replica start(String service, Release release, int ordinal) throws IOException {
        if (!(release.workload() instanceof Workload.Container workload)) {
            throw new IOException(release.version() + " runs as processes; this runtime runs container images only");
        }
        ensureImage(workload.image());
        ExposedPort port = ExposedPort.tcp(workload.port());
        Ports bindings = new Ports();
        bindings.bind(port, Ports.Binding.bindIp("127.0.0.1"));
        List<String> env = new ArrayList<>();
        release.env().forEach((k, v) -> env.add(k + "=" + v));
        env.add("PORT=" + workload.port());
        String name = "slipway-" + service.replaceAll("[^A-Za-z0-9_.-]", "-") + "-r" + release.revision() + "-"
                + ordinal + "-" + UUID.randomUUID().toString().substring(0, 8);
        String id;
        try {
            id = client.createContainerCmd(workload.image())
                    .withName(name)
                    .withLabels(Map.of(SERVICE, service, REVISION, Integer.toString(release.revision())))
                    .withEnv(env)
                    .withExposedPorts(port)
                    .withHostConfig(
                            // An init as PID 1 passes the stop signal on: a server as PID 1 gets no default
                            // handler for SIGTERM, ignores it, and every stop would last the whole grace period.
                            HostConfig.newHostConfig()
                                    .withPortBindings(bindings)
                                    .withInit(true))
                    .exec()
                    .getId();
        } catch (DockerException e) {
            throw new IOException("cannot create a container of " + workload.image() + ": " + reason(e), e);
        }
        try {
            client.startContainerCmd(id).exec();
            Optional<URI> endpoint = endpoint(client.inspectContainerCmd(id).exec(), workload.port());
            if (endpoint.isEmpty()) {
                throw new IOException("the engine published no host port for port " + workload.port() + " of " + name);
            }
            return new Replica(id, service, release.revision(), endpoint.get());
        } catch (DockerException | IOException e) {
            remove(id);
            throw new IOException("cannot start container " + name + " of " + workload.image() + ": " + reason(e), e);
        }
    }

    private void ensureImage(String image) throws IOException {
        try {
            client.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // not here: pull it
        }
        try {
            client.pullImageCmd(image.contains(":") || image.contains("@") ? image : image + ":latest")
                    .exec(new ResultCallback.Adapter<PullResponseItem>())
                    .awaitCompletion(10, TimeUnit.MINUTES);
            client.inspectImageCmd(image).exec();
        } catch (DockerException e) {
            throw new IOException("image " + image + " is not on this machine and cannot be pulled: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("pulling image " + image + " was interrupted", e);
        }
    }

    private static Optional<URI> endpoint(InspectContainerResponse inspect, int port) {
        Ports ports = inspect.getNetworkSettings().getPorts();
        Ports.Binding[] bound = ports == null ? null : ports.getBindings().get(ExposedPort.tcp(port));
        if (bound == null || bound.length == 0 || bound[0].getHostPortSpec() == null) {
            return Optional.empty();
        }
        return Optional.of(URI.create("http://127.0.0.1:" + bound[0].getHostPortSpec()));
    }

    @Override
    public boolean alive(Replica replica) {
        try {
            return Boolean.TRUE.equals(
                    client.inspectContainerCmd(replica.id()).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public String exitDescription(Replica replica) {
        try {
            InspectContainerResponse.ContainerState state =
                    client.inspectContainerCmd(replica.id()).exec().getState();
            if (Boolean.TRUE.equals(state.getRunning())) {
                return "is running";
            }
            String last = lastLine(replica.id());
            return "exited with code " + state.getExitCodeLong() + (last.isEmpty() ? "" : ": " + last);
        } catch (NotFoundException e) {
            return "was removed";
        }
    }

    private String lastLine(String id) {
        StringBuilder out = new StringBuilder();
        try {
            client.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(5)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(5, TimeUnit.SECONDS);
        } catch (DockerException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        List<String> lines = out.toString().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    @Override
    public void stop(Replica replica, Duration grace) {
        try {
            client.stopContainerCmd(replica.id())
                    .withTimeout((int) Math.max(1, grace.toSeconds()))
                    .exec();
        } catch (DockerException e) {
            // already stopped or gone: removing it is all that is left
        }
        remove(replica.id());
    }

    private void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (DockerException e) {
            // already gone
        }
    }

    @Override
    public List<Replica> adopt(String service) {
        List<Replica> found = new ArrayList<>();
        for (Container c : client.listContainersCmd()
                .withLabelFilter(Map.of(SERVICE, service))
                .exec()) {
            ContainerPort[] ports = c.getPorts() == null ? new ContainerPort[0] : c.getPorts();
            Optional<Integer> hostPort = Arrays.stream(ports)
                    .map(ContainerPort::getPublicPort)
                    .filter(p -> p != null && p > 0)
                    .findFirst();
            String revision = c.getLabels().getOrDefault(REVISION, "");
            if (hostPort.isPresent() && revision.matches("\\d+")) {
                found.add(new Replica(
                        c.getId(),
                        service,
                        Integer.parseInt(revision),
                        URI.create("http://127.0.0.1:" + hostPort.get())));
            }
        }
        return found;
    }

    @Override
    public boolean outlivesServer(Replica replica) {
        return true;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip();
        // The engine's JSON error, e.g. Status 404: {"message":"..."}: its message is what people need.
        int at = message.indexOf("\"message\":\"");
        if (at >= 0) {
            int end = message.indexOf('"', at + 11);
            return end > at ? message.substring(at + 11, end) : message;
        }
        return message;
    }
}
