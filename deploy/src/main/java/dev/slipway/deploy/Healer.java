package dev.slipway.deploy;

import java.util.List;
import java.util.Optional;

/**
 * Replaces the stable replicas of a service whose process or container ended while no rollout was changing it (a crash,
 * an out-of-memory kill, someone's {@code podman rm}), as a Kubernetes Deployment's replica set replaces a pod: the
 * ended replica leaves the router at once, a new one of the same release starts and is routed to once ready. During a
 * rollout the rollout itself watches its replicas (an ended one rolls it back).
 */
final class Healer {
    private final Context ctx;

    Healer(Context ctx) {
        this.ctx = ctx;
    }

    /** Looks at {@code svc}'s replicas once; starts replacements on a thread of their own. */
    void check(ServiceState svc) {
        List<Replica> replicas;
        synchronized (svc) {
            if (svc.removed || svc.healing || svc.stable.isEmpty() || rolling(svc)) {
                return;
            }
            replicas = List.copyOf(svc.stableReplicas);
        }
        // outside the monitor: for a container this asks the engine
        List<Replica> ended =
                replicas.stream().filter(r -> !ctx.runtime().alive(r)).toList();
        if (ended.isEmpty()) {
            return;
        }
        Release stable;
        int count;
        RolloutPhase phase;
        synchronized (svc) {
            if (svc.removed || svc.healing || rolling(svc) || !svc.stable.isPresent()) {
                return; // a rollout or a removal came in between: it deals with the replicas
            }
            stable = svc.stable.get();
            count = svc.spec.replicas();
            phase = svc.phase;
            svc.healing = true;
        }
        for (Replica r : ended) {
            ctx.emit(
                    svc,
                    stable.revision(),
                    phase,
                    0,
                    Words.replica(svc.ordinal(r), count, stable) + " "
                            + ctx.runtime().exitDescription(r) + "; starting a replacement");
        }
        ctx.stopAll(svc, ended); // out of routing; stopping an ended replica releases what is left of it
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

    private static boolean rolling(ServiceState svc) {
        Optional<Rollout> running = svc.running;
        return running.isPresent() && !running.get().future.isDone();
    }
}
