package dev.slipway.runtime.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resolved {@code container:} or service: no expressions left.
 *
 * @param image image reference, e.g. {@code postgres:16} or {@code localhost/slipway/busybox:latest}
 * @param env environment of the container
 * @param ports port mappings as written ({@code 5432}, {@code 8080:80}, {@code 5432/tcp})
 * @param volumes volume mounts as written ({@code /src:/dst}, {@code name:/dst})
 * @param options extra {@code docker create} options as written ({@code --health-cmd ... --health-interval 1s})
 * @param credentials registry credentials
 * @param entrypoint a service's entrypoint in place of the image's
 * @param command a service's command in place of the image's, as written (split into words as a shell would)
 */
public record ContainerSpec(
        String image,
        Map<String, String> env,
        List<String> ports,
        List<String> volumes,
        Optional<String> options,
        Optional<Credentials> credentials,
        Optional<String> entrypoint,
        Optional<String> command) {
    public ContainerSpec {
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
    }

    /** A container that keeps its image's entrypoint and command. */
    public ContainerSpec(
            String image,
            Map<String, String> env,
            List<String> ports,
            List<String> volumes,
            Optional<String> options,
            Optional<Credentials> credentials) {
        this(image, env, ports, volumes, options, credentials, Optional.empty(), Optional.empty());
    }

    public static ContainerSpec of(String image) {
        return new ContainerSpec(image, Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** Registry credentials. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }
}
