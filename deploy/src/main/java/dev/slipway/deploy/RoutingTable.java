package dev.slipway.deploy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a router sends requests: the ready replicas of the stable release and of the new one, and the new one's share
 * of the requests (0–100). Immutable but for its counters: a router swaps a whole table at once, so no request sees
 * one half-updated.
 */
record RoutingTable(Pool stable, Pool canary, int weight, AtomicLong requests) {

    /** The ready replicas of one release; {@code next} turns round robin among them. */
    record Pool(int revision, List<URI> endpoints, AtomicLong next) {
        Pool {
            endpoints = List.copyOf(endpoints);
        }

        static Pool of(int revision, List<URI> endpoints) {
            return new Pool(revision, endpoints, new AtomicLong());
        }

        static Pool empty() {
            return of(0, List.of());
        }

        URI nextEndpoint() {
            return endpoints.get((int) Math.floorMod(next.getAndIncrement(), (long) endpoints.size()));
        }
    }

    /** Where one request goes: the release's revision and the replica's endpoint. */
    record Target(int revision, URI endpoint) {}

    RoutingTable {
        weight = Math.clamp(weight, 0, 100);
    }

    static RoutingTable of(Pool stable, Pool canary, int weight) {
        return new RoutingTable(stable, canary, weight, new AtomicLong());
    }

    static RoutingTable empty() {
        return of(Pool.empty(), Pool.empty(), 0);
    }

    /**
     * The target of the next request. The canary's share is dealt out evenly rather than drawn at random: of any 100
     * consecutive requests exactly {@code weight} go to it, so a small canary gets its share from the first requests
     * on. A release without a ready replica passes its share to the other; none at all gives empty.
     */
    Optional<Target> next() {
        long n = requests.getAndIncrement();
        boolean toCanary = (n + 1) * weight / 100 > n * weight / 100;
        Pool first = toCanary ? canary : stable;
        Pool other = toCanary ? stable : canary;
        Pool pool = first.endpoints().isEmpty() ? other : first;
        if (pool.endpoints().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target(pool.revision(), pool.nextEndpoint()));
    }
}
