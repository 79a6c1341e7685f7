package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ProcessOwners;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Deletes the pods that earlier executor processes of this host left behind: pods labelled {@code
 * slipway.dev/managed=true} and with this host as owner whose owner process is gone (or whose pid now belongs to a
 * process started at another time). Pods of other hosts, or without owner labels, are left alone.
 */
final class Reaper {
    private Reaper() {}

    static int reap(KubernetesClient client, String namespace) {
        int removed = 0;
        for (Pod pod : client.pods()
                .inNamespace(namespace)
                .withLabel(Labels.MANAGED, "true")
                .withLabel(Labels.OWNER_HOST, Labels.value(ProcessOwners.hostName()))
                .list()
                .getItems()) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (labels != null && orphaned(labels)) {
                try {
                    client.pods()
                            .inNamespace(namespace)
                            .withName(pod.getMetadata().getName())
                            .withGracePeriod(0)
                            .delete();
                    removed++;
                } catch (RuntimeException e) {
                    // deleted meanwhile
                }
            }
        }
        return removed;
    }

    static boolean orphaned(Map<String, String> labels) {
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(Labels.OWNER_PID, ""));
        } catch (NumberFormatException e) {
            return false;
        }
        return ProcessOwners.gone(pid, labels.getOrDefault(Labels.OWNER_STARTED, ""));
    }
}
