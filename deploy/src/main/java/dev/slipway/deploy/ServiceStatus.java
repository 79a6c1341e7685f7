package dev.slipway.deploy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A service now: its router's {@code url}, the release serving ({@code stable}), the one being rolled out ({@code
 * canary}) and its share of the requests, the replicas running with whether each is ready, and its latest rollout's
 * phase and last message.
 */
public record ServiceStatus(
        String id,
        URI url,
        int desiredReplicas,
        Optional<Release> stable,
        Optional<Release> canary,
        int canaryWeight,
        List<ReplicaStatus> replicas,
        RolloutPhase phase,
        String message) {

    /** One replica and whether its last readiness check passed. */
    public record ReplicaStatus(Replica replica, boolean ready) {}
}
