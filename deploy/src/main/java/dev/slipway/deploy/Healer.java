package dev.slipway.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the stable release of a service at its replica count while no rollout is changing it, as a Kubernetes
 * Deployment's replica set does: a replica whose process or container ended (a crash, an out-of-memory kill, someone's
 * {@code podman rm}) leaves the router at once, and missing replicas are started again and routed to once ready. A
 * release that keeps ending is started again after a growing wait (10 s, doubling up to 5 minutes, as Kubernetes'
 * crash-loop back-off), which starts over when ten minutes pass without a replacement. During a rollout the rollout
 * watches its replicas itself (an ended one rolls it back).
 */
final class Healer {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final long CALM_NANOS = Duration.ofMinutes(10).toNanos();

    private final Context ctx;

    Healer(Context ctx) {
        this.ctx = ctx;
    }

    /** Looks at {@code svc}'s replicas once; starts replacements on a thread of their own. */
    void check(ServiceState svc) {
        List<Replica> replicas;
        synchronized (svc) {
            if (!idle(svc)) {
                return;
            }
            replicas = List.copyOf(svc.stableReplicas);
        }
        // outside the monitor: for a container this asks the engine
        List<Replica> ended =
                replicas.stream().filter(r -> !ctx.runtime().alive(r)).toList();
        Release stable;
        int missing;
        synchronized (svc) {
            if (!idle(svc)) {
                return; // a rollout or a removal came in between: it deals with the replicas
            }
            stable = svc.stable.orElseThrow();
            for (Replica r : ended) {
                ctx.emit(
                        svc,
                        stable.revision(),
                        svc.phase,
                        0,
                        Words.replica(svc.ordinal(r), svc.spec.replicas(), stable) + " "
                                + ctx.runtime().exitDescription(r));
                svc.forget(r); // out of routing now; stopped below
            }
            missing = svc.spec.replicas() - svc.stableReplicas.size();
            long now = System.nanoTime();
            boolean waiting = !svc.healBackoff.isZero() && now - svc.healNotBefore < 0;
            if (missing <= 0 || waiting) {
                missing = 0;
            } else {
                svc.healBackoff = nextBackoff(svc.healBackoff, now - svc.lastHeal);
                svc.lastHeal = now;
                svc.healNotBefore = now + svc.healBackoff.toNanos();
                svc.healing = true;
            }
        }
        ctx.stopAll(svc, ended); // releases what is left of them (a container, a log)
        if (missing == 0) {
            return;
        }
        ctx.emit(
                svc,
                stable.revision(),
                svc.phase,
                0,
                "starting " + (missing == 1 ? "1 replacement" : missing + " replacements") + " of " + stable.version());
        int count = svc.spec.replicas();
        Thread.ofVirtual().name("heal-" + svc.id).start(() -> {
            try {
                StableReplicas.fill(ctx, svc, stable, count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (svc) {
                    svc.healing = false;
                }
            }
        });
    }

    /** Whether nothing else is changing the service's replicas: a stable release, no rollout, no replacement. */
    private static boolean idle(ServiceState svc) {
        Optional<Rollout> running = svc.running;
        return !svc.removed
                && !svc.healing
                && svc.stable.isPresent()
                && (running.isEmpty() || running.get().future.isDone());
    }

    /**
     * The wait after a replacement before the next one: {@link #FIRST_BACKOFF} for the first, or when the last was more
     * than ten minutes ago ({@code sinceLastNanos}); else twice the {@code previous} one, at most {@link #MAX_BACKOFF}.
     */
    static Duration nextBackoff(Duration previous, long sinceLastNanos) {
        if (previous.isZero() || sinceLastNanos > CALM_NANOS) {
            return FIRST_BACKOFF;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) <= 0 ? doubled : MAX_BACKOFF;
    }
}
