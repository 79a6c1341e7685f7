package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A service of an environment (ADR 0017).
 *
 * @param spec its readiness check and strategy, as JSON the server writes
 * @param port its router's port on 127.0.0.1, 0 until its first rollout
 * @param replicas the replicas it should have; kept while the environment's schedule holds it at 0
 * @param scaledDown whether the environment's schedule has scaled it to 0
 */
public record DeployedService(
        long id,
        long environmentId,
        String name,
        String spec,
        int port,
        int replicas,
        boolean scaledDown,
        Instant created,
        Instant updated) {

    /**
     * One release of a service.
     *
     * @param workload what its replicas run, as JSON the server writes
     * @param env its environment variables, as a JSON object
     * @param bundle the unpacked bundle's directory (process workloads)
     */
    public record Release(
            long serviceId,
            int revision,
            String version,
            String workload,
            String env,
            Optional<String> bundle,
            Instant created) {}
}
