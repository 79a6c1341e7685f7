package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.JobHandle.ServiceInfo;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a container-capable {@link FakeExecutor} answers: scripted services, step environment and image builds. */
record FakeContainers(
        Map<String, ServiceInfo> services,
        Map<String, String> stepEnvironment,
        List<String> buildOutput,
        Optional<String> buildFailure) {
    static final FakeContainers NONE = new FakeContainers(Map.of(), Map.of(), List.of(), Optional.empty());

    FakeContainers {
        services = Map.copyOf(services);
        stepEnvironment = Map.copyOf(stepEnvironment);
        buildOutput = List.copyOf(buildOutput);
    }

    /** The scripted services the job declares, in the job's order. */
    Map<String, ServiceInfo> servicesOf(JobSpec spec) {
        Map<String, ServiceInfo> out = new LinkedHashMap<>();
        for (ServiceSpec s : spec.services()) {
            ServiceInfo info = services.get(s.id());
            if (info != null) {
                out.put(s.id(), info);
            }
        }
        return out;
    }
}
