package dev.slipway.deploy;

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

/**
 * A docker-java client for the container engine, found as executors/docker's {@code Engine} finds it (deploy may not
 * depend on executors, DESIGN.md): the given address, else {@code DOCKER_HOST}, the Docker socket, Podman's socket,
 * the first that answers {@code _ping}.
 */
final class DockerEngine {
    static final String DOCKER_SOCKET = "unix:///var/run/docker.sock";
    static final String PODMAN_SOCKET = "unix:///run/podman/podman.sock";

    private DockerEngine() {}

    static DockerClient connect(Optional<String> explicit, Optional<String> dockerHostVariable) throws IOException {
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
                return client(candidate, Optional.empty());
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
        // No TLS, as in executors/docker: docker-java's TLS client certificates need BouncyCastle, left out.
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(50)
                .connectionTimeout(Duration.ofSeconds(5));
        responseTimeout.ifPresent(http::responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
    }
}
