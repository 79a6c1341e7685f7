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
 */
public record ContainerSpec(
        String image,
        Map<String, String> env,
        List<String> ports,
        List<String> volumes,
        Optional<String> options,
        Optional<Credentials> credentials) {
    public ContainerSpec {
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
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
