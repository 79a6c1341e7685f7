package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.spi.ProcessOwners;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pods that a gone process of this host left are deleted; nothing else is. */
@EnableKubernetesMockClient(crud = true)
class ReaperTest {
    KubernetesClient client;

    private void pod(String name, Map<String, String> labels) {
        client.pods()
                .inNamespace(MockCluster.NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .create();
    }

    private static Map<String, String> owner(long pid, String host) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.of("run-1/job/1"));
        labels.put(Labels.OWNER_PID, Long.toString(pid));
        labels.put(Labels.OWNER_HOST, Labels.value(host));
        return labels;
    }

    @Test
    void onlyPodsOfAGoneOwnerOnThisHostAreDeleted() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        pod("orphan", owner(gone.pid(), ProcessOwners.hostName()));
        pod("mine", Labels.of("run-2/job/1"));
        pod("other-host", owner(gone.pid(), "another-machine"));
        pod("unmanaged", Map.of("app", "web"));
        KubernetesExecutor executor = new KubernetesExecutor(
                client, KubernetesConfig.defaults().withNamespace(MockCluster.NS), key -> key, PodFiles.EXEC);

        assertThat(executor.reapOrphans()).isEqualTo(1);

        assertThat(client.pods().inNamespace(MockCluster.NS).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("mine", "other-host", "unmanaged");
    }
}
