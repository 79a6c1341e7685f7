package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.runtime.spi.ExecutorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A connection to one container engine (Docker or Podman's Docker-compatible API). */
final class Engine implements AutoCloseable {
    static final String DOCKER_SOCKET = "unix:///var/run/docker.sock";
    static final String PODMAN_SOCKET = "unix:///run/podman/podman.sock";

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
     * socket, in this order, and takes the first that answers {@code _ping}.
     */
    static Engine connect(Optional<String> explicit, Optional<String> dockerHostVariable) throws ExecutorException {
        List<String> candidates = new ArrayList<>();
        if (explicit.isPresent()) {
            candidates.add(explicit.get());
        } else {
            dockerHostVariable.filter(s -> !s.isBlank()).ifPresent(candidates::add);
            candidates.add(DOCKER_SOCKET);
            candidates.add(PODMAN_SOCKET);
        }
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            Optional<String> problem = ping(candidate);
            if (problem.isEmpty()) {
                return new Engine(client(candidate, Optional.empty()), candidate);
            }
            failures.add(candidate + " (" + problem.get() + ")");
        }
        throw new ExecutorException("no container engine answers; tried " + String.join(", ", failures)
                + ". Start Docker or Podman's API service (podman system service), or set DOCKER_HOST");
    }

    private static Optional<String> ping(String host) {
        if (host.startsWith("unix://") && !Files.exists(Path.of(host.substring("unix://".length())))) {
            return Optional.of("no such socket");
        }
        try (DockerClient probe = client(host, Optional.of(Duration.ofSeconds(5)))) {
            probe.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException | IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static DockerClient client(String host, Optional<Duration> responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(false)
                .build();
        // No TLS (verification is off above), also when a Docker context asks for it: docker-java's TLS client
        // certificates need BouncyCastle, which Slipway leaves out (executors/docker/pom.xml).
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5));
        // Streams (logs, exec output, waits) may be silent for long: only the probe has a response timeout.
        responseTimeout.ifPresent(http::responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
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
