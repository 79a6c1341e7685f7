package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.slipway.runtime.spi.ProcessOwners;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Removes what earlier executor processes on this machine left behind: resources labelled {@code
 * dev.slipway.managed=true} whose owner process ({@code dev.slipway.owner=<pid>@<host>} with its start time) is gone.
 * Resources owned by other hosts, or without an owner label, are left alone.
 */
final class Reaper {
    private Reaper() {}

    static int reap(DockerClient client) {
        String host = ProcessOwners.hostName();
        Predicate<Map<String, String>> orphan = labels -> orphaned(labels, host);
        int removed = 0;
        List<Container> containers = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true"))
                .exec();
        for (Container c : containers) {
            if (c.getLabels() != null && orphan.test(c.getLabels())) {
                removed += attempt(() -> client.removeContainerCmd(c.getId())
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec());
            }
        }
        List<Network> networks = client.listNetworksCmd()
                .withFilter("label", List.of(Labels.MANAGED + "=true"))
                .exec();
        for (Network n : networks) {
            if (n.getLabels() != null && orphan.test(n.getLabels())) {
                removed += attempt(() -> client.removeNetworkCmd(n.getId()).exec());
            }
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd()
                .withFilter("label", List.of(Labels.MANAGED + "=true"))
                .exec()
                .getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            if (v.getLabels() != null && orphan.test(v.getLabels())) {
                removed += attempt(() -> client.removeVolumeCmd(v.getName()).exec());
            }
        }
        return removed;
    }

    static boolean orphaned(Map<String, String> labels, String host) {
        if (!"true".equals(labels.get(Labels.MANAGED))) {
            return false;
        }
        String owner = labels.getOrDefault(Labels.OWNER, "");
        int at = owner.indexOf('@');
        if (at <= 0 || !owner.substring(at + 1).equals(host)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, at));
        } catch (NumberFormatException e) {
            return false;
        }
        // a live process with another start time reuses the pid: the owner is gone
        return ProcessOwners.gone(pid, labels.getOrDefault(Labels.OWNER_STARTED, ""));
    }

    private static int attempt(Runnable removal) {
        try {
            removal.run();
            return 1;
        } catch (RuntimeException e) {
            return 0; // removed meanwhile, or still in use
        }
    }
}
