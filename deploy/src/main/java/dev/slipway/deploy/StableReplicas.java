package dev.slipway.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Brings the stable release of a service to a number of replicas, outside rollouts: scaling, restoring, rolling back. */
final class StableReplicas {
    private StableReplicas() {}

    /** Stops stable replicas beyond {@code count}, not-ready ones and the highest numbers first. */
    static void shrink(Context ctx, ServiceState svc, int count) {
        List<Replica> extra;
        synchronized (svc) {
            List<Replica> order = new ArrayList<>(svc.stableReplicas);
            order.sort(Comparator.comparing((Replica r) -> svc.ready.contains(r.id()))
                    .thenComparing(svc::ordinal, Comparator.reverseOrder()));
            extra = List.copyOf(order.subList(0, Math.max(0, order.size() - count)));
            extra.forEach(svc::forget);
        }
        ctx.stopAll(svc, extra);
    }

    /**
     * Starts stable replicas up to {@code count} and routes to each once ready, also to replicas already there but
     * not ready yet (adopted ones). A replica that fails its check is stopped and reported; the others go on.
     */
    static void fill(Context ctx, ServiceState svc, Release release, int count) throws InterruptedException {
        Map<Replica, Long> pending = new HashMap<>();
        long timeout = svc.spec.readiness().timeout().toNanos();
        while (true) {
            int ordinal;
            synchronized (svc) {
                if (svc.removed) {
                    return;
                }
                if (!svc.stable.equals(Optional.of(release)) || svc.stableReplicas.size() >= count) {
                    svc.stableReplicas.stream()
                            .filter(r -> !svc.ready.contains(r.id()) && !pending.containsKey(r))
                            .forEach(r -> pending.put(r, System.nanoTime() + timeout));
                    break;
                }
                ordinal = svc.freeOrdinal(svc.stableReplicas);
            }
            Replica started;
            try {
                started = ctx.runtime().start(svc.id, release, ordinal);
            } catch (IOException e) {
                ctx.emit(
                        svc,
                        release.revision(),
                        svc.phase,
                        0,
                        "cannot start " + Words.replica(ordinal, count, release) + ": " + Words.reason(e));
                break;
            }
            synchronized (svc) {
                // removed meanwhile, or another fill (scaling beside a replacement) reached the count first
                if (svc.removed || svc.stableReplicas.size() >= count || !svc.stable.equals(Optional.of(release))) {
                    ctx.runtime().stop(started, Context.GRACE);
                    if (svc.removed) {
                        return;
                    }
                    continue;
                }
                svc.add(started, ordinal, true);
            }
            pending.put(started, System.nanoTime() + timeout);
        }
        while (!pending.isEmpty() && !svc.removed) {
            Optional<Prober.Failure> failure = ctx.prober().await(pending, svc.spec.readiness(), pending.size(), r -> {
                pending.remove(r);
                svc.markReady(r);
                ctx.emit(
                        svc,
                        release.revision(),
                        svc.phase,
                        0,
                        Words.replica(svc.ordinal(r), count, release) + " is ready");
            });
            if (failure.isPresent()) {
                Replica r = failure.get().replica();
                pending.remove(r);
                ctx.emit(
                        svc,
                        release.revision(),
                        svc.phase,
                        0,
                        Words.replica(svc.ordinal(r), count, release) + " failed: "
                                + failure.get().reason() + "; stopped it");
                ctx.stopAll(svc, List.of(r));
            }
        }
    }
}
