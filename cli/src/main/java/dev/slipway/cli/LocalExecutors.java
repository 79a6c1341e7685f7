package dev.slipway.cli;

import dev.slipway.executor.docker.DockerExecutor;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.executor.kubernetes.KubernetesConfig;
import dev.slipway.executor.kubernetes.KubernetesOnDemand;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.spi.Executor;
import java.util.Optional;

/**
 * The executors of this machine, for {@code slipway run} and the server's embedded agent: steps run on the host; a
 * job with {@code container:}, {@code services:}, a Docker action or a label mapped to {@code docker://IMAGE} uses the
 * container engine ({@code SLIPWAY_DOCKER_HOST}, else {@code DOCKER_HOST}, the Docker or the Podman socket), which is
 * connected on first need only. A label mapped to {@code kubernetes://IMAGE} runs its jobs in pods of the current
 * kubeconfig context's cluster ({@code SLIPWAY_K8S_*} variables configure them), also connected on first need only.
 */
final class LocalExecutors {
    private LocalExecutors() {}

    /**
     * The executors under the names {@code host}, {@code docker} and {@code kubernetes}, the usual Linux labels mapped to
     * {@code host}.
     */
    static Platforms.Builder platforms() {
        Optional<String> engine = Optional.ofNullable(System.getenv("SLIPWAY_DOCKER_HOST"));
        Executor executor = DockerExecutor.connectingOnDemand("host", engine, HostExecutor.create());
        return Platforms.builder()
                .executor("host", executor)
                .executor("docker", executor)
                .executor("kubernetes", KubernetesOnDemand.of(() -> KubernetesConfig.fromEnvironment(System.getenv())))
                .mapAll(Platforms.DEFAULT_HOST_LABELS, "host");
    }
}
