package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the engine holds with a job's label, read through the API. */
final class EngineState {
    private EngineState() {}

    static List<String> resourcesOf(DockerClient client, String jobKey) {
        List<String> found = new ArrayList<>();
        client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.JOB, jobKey))
                .exec()
                .forEach(c -> found.add("container " + c.getId()));
        client.listNetworksCmd()
                .withFilter("label", List.of(Labels.JOB + "=" + jobKey))
                .exec()
                .forEach(n -> found.add("network " + n.getName()));
        var volumes = client.listVolumesCmd()
                .withFilter("label", List.of(Labels.JOB + "=" + jobKey))
                .exec()
                .getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> found.add("volume " + v.getName()));
        }
        return found;
    }
}
