package dev.slipway.runtime.spi;

import java.util.Map;

/** An executor's handle on a prepared job; opaque to the runtime. */
public interface JobHandle {
    JobSpec spec();

    /**
     * The started services by id, for the {@code job.services.<id>} context: {@code id}, {@code network} and
     * {@code ports} (container port to host port, as strings). Empty when the job has no services.
     */
    default Map<String, ServiceInfo> services() {
        return Map.of();
    }

    /** Environment variables every step of this job gets from the executor (e.g. {@code DOCKER_HOST}). */
    default Map<String, String> stepEnvironment() {
        return Map.of();
    }

    /** A started service container. */
    record ServiceInfo(String id, String containerId, String network, Map<String, String> ports) {
        public ServiceInfo {
            ports = Map.copyOf(ports);
        }
    }
}
