package dev.slipway.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service's releases, replicas and routing, guarded by its own monitor. Every change that affects routing ends
 * with {@link #publish}, which hands the router a whole new table.
 */
final class ServiceState {
    final String id;
    final Router router;
    ServiceSpec spec;
    Optional<Release> stable = Optional.empty();
    final List<Replica> stableReplicas = new ArrayList<>();
    Optional<Release> canary = Optional.empty();
    final List<Replica> canaryReplicas = new ArrayList<>();
    final Set<String> ready = new HashSet<>();
    private final Map<String, Integer> ordinals = new HashMap<>();
    int weight;
    RolloutPhase phase = RolloutPhase.SUCCEEDED;
    String message = "";
    Optional<Rollout> running = Optional.empty();
    /** Removed or closed: nothing may start replicas for it any more. */
    volatile boolean removed;
    /** Replacements of ended replicas are starting ({@link Healer}). */
    boolean healing;
    /** The {@link Healer}'s back-off: no replacement before this {@link System#nanoTime}; the last one's time. */
    long healNotBefore;

    long lastHeal;
    Duration healBackoff = Duration.ZERO;

    ServiceState(ServiceSpec spec, Router router) {
        this.id = spec.id();
        this.spec = spec;
        this.router = router;
    }

    synchronized void markReady(Replica replica) {
        ready.add(replica.id());
        publish();
    }

    /** Takes {@code replica} out of routing and out of the service; the caller stops it. */
    synchronized void forget(Replica replica) {
        stableReplicas.remove(replica);
        canaryReplicas.remove(replica);
        ready.remove(replica.id());
        ordinals.remove(replica.id());
        publish();
    }

    synchronized boolean isReady(Replica replica) {
        return ready.contains(replica.id());
    }

    synchronized int readyCount(List<Replica> replicas) {
        return (int) replicas.stream().filter(r -> ready.contains(r.id())).count();
    }

    synchronized void publish() {
        router.route(RoutingTable.of(pool(stable, stableReplicas), pool(canary, canaryReplicas), weight));
    }

    private RoutingTable.Pool pool(Optional<Release> release, List<Replica> replicas) {
        return RoutingTable.Pool.of(
                release.map(Release::revision).orElse(0),
                replicas.stream()
                        .filter(r -> ready.contains(r.id()))
                        .map(Replica::endpoint)
                        .toList());
    }

    synchronized ServiceStatus status() {
        List<ServiceStatus.ReplicaStatus> replicas = new ArrayList<>();
        for (Replica r : stableReplicas) {
            replicas.add(new ServiceStatus.ReplicaStatus(r, ready.contains(r.id())));
        }
        for (Replica r : canaryReplicas) {
            replicas.add(new ServiceStatus.ReplicaStatus(r, ready.contains(r.id())));
        }
        return new ServiceStatus(
                id, router.url(), spec.replicas(), stable, canary, weight, List.copyOf(replicas), phase, message);
    }

    /** Adds a replica of the stable or the new release under replica number {@code ordinal}, not yet ready. */
    synchronized void add(Replica replica, int ordinal, boolean toStable) {
        (toStable ? stableReplicas : canaryReplicas).add(replica);
        ordinals.put(replica.id(), ordinal);
    }

    synchronized int ordinal(Replica replica) {
        return ordinals.getOrDefault(replica.id(), 0);
    }

    /** The lowest replica number none of {@code replicas} uses, so that a replacement takes a stopped one's place. */
    synchronized int freeOrdinal(List<Replica> replicas) {
        Set<Integer> used = new HashSet<>();
        replicas.forEach(r -> used.add(ordinals.getOrDefault(r.id(), -1)));
        int ordinal = 0;
        while (used.contains(ordinal)) {
            ordinal++;
        }
        return ordinal;
    }
}
