package dev.slipway.deploy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The services of one server and their rollouts. One rollout per service at a time: a new {@link #rollout} while one
 * runs aborts the running one first (its replicas stop, the stable release keeps serving), as Argo Rollouts does when
 * the spec changes mid-rollout. Thread-safe.
 */
public interface Deployments extends AutoCloseable {
    /**
     * Rolls {@code release} out to the service {@code spec} describes (created, with its router, when new). Returns at
     * once; the future completes when the rollout succeeded or was rolled back. The first release of a service starts
     * all its replicas and routes to them once they are ready, whatever the strategy.
     */
    CompletableFuture<RolloutOutcome> rollout(ServiceSpec spec, Release release);

    /**
     * Starts {@code stable} for a service known from before a restart, without a rollout: replicas the runtime {@link
     * ReplicaRuntime#adopt adopts} are used, missing ones started; its router listens on {@code spec.port()}.
     */
    void restore(ServiceSpec spec, Release stable);

    /** Ends the current pause (canary) or switches traffic (blue-green waiting for promotion). False when none waits. */
    boolean promote(String id);

    /** Rolls the running rollout back. False when none runs. */
    boolean abort(String id);

    /** Sets the number of replicas of the stable release (0: none; the router then answers 503 saying so). */
    void scale(String id, int replicas);

    /** Stops the service's replicas and router and forgets it. */
    void remove(String id);

    Optional<ServiceStatus> status(String id);

    List<ServiceStatus> services();

    /** Stops every router, and every replica the runtime does not keep across restarts. */
    @Override
    void close();
}
