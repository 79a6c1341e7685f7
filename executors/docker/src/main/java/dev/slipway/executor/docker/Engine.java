package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.dockerclient.DockerClients;
import dev.slipway.runtime.spi.ExecutorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A connection to one container engine (Docker or Podman's Docker-compatible API). */
final class Engine implements AutoCloseable {
    static final String DOCKER_SOCKET = DockerClients.DOCKER_SOCKET;
    static final String PODMAN_SOCKET = DockerClients.PODMAN_SOCKET;

    private final DockerClient client;
    private final String host;

    private Engine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    DockerClient client() {
        return client;
    }

    /** The engine address, e.g. {@code unix:///run/podman/podman.sock}. */
    String host() {
        return host;
    }

    /** The engine's unix socket on this machine, when it is reached through one. */
    Optional<Path> socket() {
        return host.startsWith("unix://") ? Optional.of(Path.of(host.substring("unix://".length()))) : Optional.empty();
    }

    /**
     * Connects to {@code explicit} when given; otherwise tries {@code DOCKER_HOST}, the Docker socket and the Podman
     * socket, in this order, and takes the first that answers {@code _ping} ({@link DockerClients#connect}).
     */
    static Engine connect(Optional<String> explicit, Optional<String> dockerHostVariable) throws ExecutorException {
        try {
            var connected = DockerClients.connect(explicit, dockerHostVariable, 200);
            return new Engine(connected.client(), connected.host());
        } catch (IOException e) {
            throw new ExecutorException(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
