package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Options, pod specs and the reading of a pod's status, without a server. */
class PodSpecsTest {
    private static final Path WS = Path.of("/work/ws");
    private static final Path TEMP = Path.of("/work/temp");

    private static Pod pod(KubernetesConfig config, ContainerSpec main, List<ServiceSpec> services)
            throws ExecutorException {
        JobSpec spec = new JobSpec("run-9/test/1", WS, TEMP, Map.of(), Optional.empty(), Optional.of(main), services);
        List<PodOptions> serviceOptions = services.stream()
                .map(s -> PodOptions.parse(s.container().options().orElse("")))
                .toList();
        return PodSpecs.pod(
                "p", "ns", spec, config, main, PodOptions.parse(main.options().orElse("")), serviceOptions);
    }

    private static ContainerSpec container(String image, List<String> volumes, String options) {
        return new ContainerSpec(image, Map.of(), List.of(), volumes, Optional.of(options), Optional.empty());
    }

    @Test
    void optionsMapToWhatAPodHas() {
        PodOptions o = PodOptions.parse(
                "--user 1000:1000 --memory=512m -e 'A=b c' --health-cmd \"redis-cli ping\" --health-timeout 500ms"
                        + " --privileged");

        assertThat(o.user()).contains(1000L);
        assertThat(o.group()).contains(1000L);
        assertThat(o.memory()).contains("512Mi");
        assertThat(o.env()).containsEntry("A", "b c");
        assertThat(o.healthCmd()).contains("redis-cli ping");
        assertThat(o.healthTimeoutSeconds()).contains(1);
        assertThat(o.privileged()).isTrue();
    }

    @Test
    void optionsAPodCannotHonourAreRefusedByName() {
        assertThatThrownBy(() -> PodOptions.parse("--network host"))
                .hasMessageContaining("'--network'")
                .hasMessageContaining("--health-cmd");
        assertThatThrownBy(() -> PodOptions.parse("--user postgres")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> PodOptions.parse("--health-retries 0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> PodOptions.parse("-e 'open")).hasMessageContaining("unterminated");
    }

    @Test
    void theConfigurationSetsPullPolicyNodeSelectorServiceAccountAndResources() throws Exception {
        KubernetesConfig config = KubernetesConfig.fromEnvironment(Map.of(
                "SLIPWAY_K8S_PULL_POLICY", "IfNotPresent",
                "SLIPWAY_K8S_NODE_SELECTOR", "pool=ci, arch=amd64",
                "SLIPWAY_K8S_SERVICE_ACCOUNT", "runner",
                "SLIPWAY_K8S_CPU", "500m",
                "SLIPWAY_K8S_MEMORY", "2Gi"));

        Pod pod = pod(config, ContainerSpec.of("alpine:3"), List.of());

        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "ci").containsEntry("arch", "amd64");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("runner");
        var job = pod.getSpec().getContainers().get(0);
        assertThat(job.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(job.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(job.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        assertThat(pod.getSpec().getHostAliases()).isEmpty();
    }

    @Test
    void aBadConfigurationIsRefused() {
        assertThatThrownBy(() -> KubernetesConfig.fromEnvironment(Map.of("SLIPWAY_K8S_PULL_POLICY", "always")))
                .hasMessageContaining("Always, IfNotPresent, Never");
        assertThatThrownBy(() -> KubernetesConfig.fromEnvironment(Map.of("SLIPWAY_K8S_NODE_SELECTOR", "pool")))
                .hasMessageContaining("SLIPWAY_K8S_NODE_SELECTOR");
    }

    @Test
    void servicesKeepTheirCommandAndNamedVolumesAreSharedWhileHostPathsAreRefused() throws Exception {
        ContainerSpec redis = new ContainerSpec(
                "redis:7",
                Map.of(),
                List.of("6379/tcp"),
                List.of("data:/data"),
                Optional.empty(),
                Optional.empty(),
                Optional.of("/usr/local/bin/redis-server"),
                Optional.of("--appendonly 'yes please'"));
        Pod pod = pod(
                KubernetesConfig.defaults(),
                container("alpine:3", List.of("data:/shared:ro"), ""),
                List.of(new ServiceSpec("Redis_Cache", redis)));

        var service = pod.getSpec().getContainers().get(1);
        assertThat(service.getName()).isEqualTo("redis-cache");
        assertThat(service.getCommand()).containsExactly("/usr/local/bin/redis-server");
        assertThat(service.getArgs()).containsExactly("--appendonly", "yes please");
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("vol-data"))
                .hasSize(1);
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts().get(2).getReadOnly())
                .isTrue();
        assertThat(pod.getSpec().getHostAliases().get(0).getHostnames()).containsExactly("Redis_Cache");

        assertThatThrownBy(() -> pod(
                        KubernetesConfig.defaults(), container("alpine:3", List.of("/etc:/host-etc"), ""), List.of()))
                .hasMessageContaining("host path");
        assertThatThrownBy(() -> pod(
                        KubernetesConfig.defaults(), container("alpine:3", List.of(), "--entrypoint sh"), List.of()))
                .hasMessageContaining("--entrypoint");
    }

    @Test
    void aContainerThatEndedOrCrashesIsAFailureNamingItsImage() {
        Pod exited = new PodBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("postgres:16")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("db")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(1)
                        .withReason("Error")
                        .withMessage("POSTGRES_PASSWORD is not set")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();

        assertThat(PodStart.failure(exited))
                .contains("container 'db' (image 'postgres:16') exited with code 1 (Error): POSTGRES_PASSWORD is not"
                        + " set");
        assertThat(PodStart.ready(exited)).isFalse();
    }

    @Test
    void aPodStillPullingIsNeitherReadyNorFailed() {
        Pod pulling = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("job")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ContainerCreating")
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();

        assertThat(PodStart.failure(pulling)).isEmpty();
        assertThat(PodStart.ready(pulling)).isFalse();
        assertThat(PodStart.pending(pulling)).isEqualTo("phase Pending; container 'job' waits: ContainerCreating");
    }

    @Test
    void fabric8sGenericMessageGivesWayToTheReasonUnderIt() {
        var e = new io.fabric8.kubernetes.client.KubernetesClientException(
                "An error has occurred.", new java.net.UnknownHostException("kubernetes.default.svc"));

        assertThat(Labels.reason(e)).isEqualTo("UnknownHostException: kubernetes.default.svc");
        assertThat(Labels.reason(new io.fabric8.kubernetes.client.KubernetesClientException(
                        "An error has occurred.",
                        new java.io.IOException(new java.nio.channels.UnresolvedAddressException()))))
                .isEqualTo("the host name does not resolve (UnresolvedAddressException)");
        assertThat(Labels.reason(new IllegalStateException("Forbidden: pods is forbidden")))
                .isEqualTo("Forbidden: pods is forbidden");
    }
}
