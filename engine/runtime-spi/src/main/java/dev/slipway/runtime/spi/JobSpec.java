package dev.slipway.runtime.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an executor needs to prepare a job.
 *
 * @param jobKey unique key of this job attempt, for labels and temporary names (e.g. {@code run-12/build/1})
 * @param workspace the job's working tree on this machine, created by the runtime ({@code GITHUB_WORKSPACE})
 * @param runnerTemp a per-job temporary directory on this machine, created by the runtime ({@code RUNNER_TEMP}); the
 *     environment files live here
 * @param labels the {@code runs-on} labels this job matched
 * @param image the container image the job's {@code runs-on} label maps to (act's {@code -P label=image}); empty for
 *     a host job. {@code container} wins over it.
 * @param container the job's {@code container:}, resolved; empty when none
 * @param services the job's {@code services:}, resolved, in file order
 */
public record JobSpec(
        String jobKey,
        Path workspace,
        Path runnerTemp,
        Map<String, String> labels,
        Optional<String> image,
        Optional<ContainerSpec> container,
        List<ServiceSpec> services) {
    public JobSpec {
        labels = Map.copyOf(labels);
        services = List.copyOf(services);
    }

    /** A job without container or services. */
    public JobSpec(String jobKey, Path workspace, Path runnerTemp, Map<String, String> labels, Optional<String> image) {
        this(jobKey, workspace, runnerTemp, labels, image, Optional.empty(), List.of());
    }

    /** Whether the job's steps run inside a container. */
    public boolean containerized() {
        return container.isPresent() || image.isPresent();
    }
}
