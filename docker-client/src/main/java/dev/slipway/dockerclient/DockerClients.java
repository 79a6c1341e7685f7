package dev.slipway.dockerclient;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the container engine (Docker, or Podman's Docker-compatible API) and makes a docker-java client for it. */
public final class DockerClients {
    public static final String DOCKER_SOCKET = "unix:///var/run/docker.sock";
    public static final String PODMAN_SOCKET = "unix:///run/podman/podman.sock";

    /** A client of the engine at {@code host} (e.g. {@code unix:///run/podman/podman.sock}); the caller closes it. */
    public record Connected(DockerClient client, String host) {}

    private DockerClients() {}

    /**
     * Connects to {@code explicit} when given; otherwise tries {@code dockerHostVariable} ({@code DOCKER_HOST}), the
     * Docker socket and the Podman socket, in this order, and takes the first that answers {@code _ping}.
     * {@code maxConnections} bounds the client's connection pool (each log stream or exec holds one).
     *
     * @throws IOException naming every address tried and why it did not answer
     */
    public static Connected connect(Optional<String> explicit, Optional<String> dockerHostVariable, int maxConnections)
            throws IOException {
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
                return new Connected(client(candidate, maxConnections, Optional.empty()), candidate);
            }
            failures.add(candidate + " (" + problem.get() + ")");
        }
        throw new IOException("no container engine answers; tried " + String.join(", ", failures)
                + ". Start Docker or Podman's API service (podman system service), or set DOCKER_HOST");
    }

    private static Optional<String> ping(String host) {
        if (host.startsWith("unix://") && !Files.exists(Path.of(host.substring("unix://".length())))) {
            return Optional.of("no such socket");
        }
        try (DockerClient probe = client(host, 2, Optional.of(Duration.ofSeconds(5)))) {
            probe.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException | IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static DockerClient client(String host, int maxConnections, Optional<Duration> responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(false)
                .build();
        // No TLS (verification is off above), also when a Docker context asks for it: docker-java's TLS client
        // certificates need BouncyCastle, which Slipway leaves out (the parent pom excludes it).
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5));
        // Streams (logs, exec output, waits) may be silent for long: only the probe has a response timeout.
        responseTimeout.ifPresent(http::responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
    }
}
