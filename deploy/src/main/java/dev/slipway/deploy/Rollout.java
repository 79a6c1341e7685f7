package dev.slipway.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One rollout of a release to a service, run by its own virtual thread: the moves all strategies share (start the new
 * release's replicas and wait for them, wait watching them, hand traffic over, roll back). {@link Strategies} orders
 * the moves for each strategy. Abort and supersede interrupt the thread; a failure throws {@link Failed}; both end in
 * {@link #rollback}.
 */
final class Rollout {
    /** A reason to roll back, in words for people. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    final ServiceState svc;
    final ServiceSpec spec;
    final Release release;
    final Context ctx;
    final CompletableFuture<RolloutOutcome> future = new CompletableFuture<>();
    private final Optional<Rollout> previous;
    private final Semaphore promotion = new Semaphore(0);
    private final Map<Replica, Long> deadlines = new HashMap<>();
    private volatile boolean awaitingPromotion;
    private volatile boolean settled;
    private volatile String abortReason = "";
    private volatile Optional<Thread> thread = Optional.empty();
    /** Rolling: the weight follows the share of ready replicas the new release has. */
    boolean spreadEvenly;

    Rollout(ServiceState svc, ServiceSpec spec, Release release, Context ctx, Optional<Rollout> previous) {
        this.svc = svc;
        this.spec = spec;
        this.release = release;
        this.ctx = ctx;
        this.previous = previous;
    }

    void start() {
        thread = Optional.of(Thread.ofVirtual().name("rollout-" + svc.id).start(this::run));
    }

    /** Rolls back by hand; false once traffic moved for good or the rollout is rolling back already. */
    boolean abort(String reason) {
        if (settled || future.isDone()) {
            return false;
        }
        abortReason = reason;
        thread.ifPresent(Thread::interrupt);
        return true;
    }

    /** Cuts the rollout short for good (a newer rollout, scaling, removal): rolls back, or ends a scale-down delay. */
    void supersede(String reason) {
        abortReason = reason;
        thread.ifPresent(Thread::interrupt);
    }

    /** From now on {@link #promote} is taken; called before a pause is announced, so no promotion falls between. */
    void allowPromotion() {
        awaitingPromotion = true;
    }

    boolean promote() {
        if (!awaitingPromotion) {
            return false;
        }
        promotion.release();
        return true;
    }

    private void run() {
        RolloutOutcome outcome = new RolloutOutcome(
                release.revision(), RolloutPhase.ROLLED_BACK, "the rollout stopped on an unexpected error");
        try {
            outcome = attempt();
        } finally {
            synchronized (svc) {
                if (svc.running.equals(Optional.of(this))) {
                    svc.running = Optional.empty();
                }
            }
            future.complete(outcome);
        }
    }

    private RolloutOutcome attempt() {
        try {
            if (previous.isPresent()) {
                previous.get().supersede("superseded by the rollout of " + release.version());
                previous.get().future.join();
            }
            return new Strategies(this).run();
        } catch (InterruptedException e) {
            return rollback(abortReason.isEmpty() ? "interrupted" : abortReason);
        } catch (Failed e) {
            return rollback(e.getMessage());
        } catch (IOException e) {
            return rollback("cannot start a replica of " + release.version() + ": " + Words.reason(e));
        } catch (RuntimeException e) {
            return rollback("the rollout stopped on an unexpected error: " + Words.reason(e));
        }
    }

    // ---------------------------------------------------------------- moves

    void emit(RolloutPhase phase, String message) {
        int weight;
        synchronized (svc) {
            weight = svc.canary.isPresent() ? svc.weight : svc.stable.equals(Optional.of(release)) ? 100 : 0;
        }
        ctx.emit(svc, release.revision(), phase, weight, message);
    }

    String replica(Replica r) {
        return Words.replica(svc.ordinal(r), spec.replicas(), release);
    }

    List<Replica> fresh() {
        synchronized (svc) {
            return List.copyOf(svc.canaryReplicas);
        }
    }

    List<Replica> old() {
        synchronized (svc) {
            return List.copyOf(svc.stableReplicas);
        }
    }

    void startNew() throws IOException {
        int ordinal = svc.freeOrdinal(fresh());
        Replica r = ctx.runtime().start(svc.id, release, ordinal);
        svc.add(r, ordinal, false);
        deadlines.put(r, System.nanoTime() + spec.readiness().timeout().toNanos());
        emit(RolloutPhase.PROGRESSING, replica(r) + " started");
    }

    /** Waits until {@code count} more replicas of the new release are ready. */
    void awaitNew(int count) throws InterruptedException, Failed {
        Map<Replica, Long> pending = new HashMap<>();
        synchronized (svc) {
            svc.canaryReplicas.stream()
                    .filter(r -> !svc.ready.contains(r.id()))
                    .forEach(r -> pending.put(r, deadlines.get(r)));
        }
        Optional<Prober.Failure> failure = ctx.prober()
                .await(pending, spec.readiness(), Math.min(count, pending.size()), r -> {
                    svc.markReady(r);
                    if (spreadEvenly) {
                        spreadWeight();
                    }
                    emit(RolloutPhase.PROGRESSING, replica(r) + " is ready");
                });
        if (failure.isPresent()) {
            Prober.Failure f = failure.get();
            throw new Failed(
                    f.ended()
                            ? replica(f.replica()) + " " + f.reason()
                            : "readiness check failed: " + f.reason() + " (" + replica(f.replica()) + ")");
        }
    }

    /** Starts or stops replicas of the new release to have {@code target}, and waits until all are ready. */
    void scaleNewTo(int target) throws IOException, InterruptedException, Failed {
        while (fresh().size() < target) {
            startNew();
        }
        List<Replica> fresh = fresh();
        if (fresh.size() > target) {
            ctx.stopAll(svc, fresh.subList(target, fresh.size()));
        }
        awaitNew(Integer.MAX_VALUE);
    }

    void stopOld(Replica r) {
        String name = Words.replica(svc.ordinal(r), spec.replicas(), svc.stable.orElse(release));
        ctx.stopAll(svc, List.of(r));
        if (spreadEvenly) {
            spreadWeight();
        }
        emit(RolloutPhase.PROGRESSING, "stopped " + name);
    }

    void setWeight(int percent) {
        synchronized (svc) {
            svc.weight = percent;
            svc.publish();
        }
    }

    /** Rolling: each ready replica, old or new, takes an equal share. */
    void spreadWeight() {
        synchronized (svc) {
            int fresh = svc.readyCount(svc.canaryReplicas);
            int all = fresh + svc.readyCount(svc.stableReplicas);
            svc.weight = all == 0 ? 0 : Math.round(100f * fresh / all);
            svc.publish();
        }
    }

    /**
     * Waits {@code duration} (forever when empty), checking every readiness period that the new replicas still run;
     * when {@code promotable}, a promotion ends the wait early. Returns whether it was promoted.
     */
    boolean watch(Optional<Duration> duration, boolean promotable) throws InterruptedException, Failed {
        long end = System.nanoTime() + duration.map(Duration::toNanos).orElse(Long.MAX_VALUE / 2);
        awaitingPromotion = promotable;
        try {
            while (true) {
                for (Replica r : fresh()) {
                    if (!ctx.runtime().alive(r)) {
                        throw new Failed(replica(r) + " " + ctx.runtime().exitDescription(r));
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long step = Math.min(left, spec.readiness().period().toNanos());
                if (promotable && promotion.tryAcquire(step, TimeUnit.NANOSECONDS)) {
                    return true;
                } else if (!promotable) {
                    Thread.sleep(Duration.ofNanos(step));
                }
            }
        } finally {
            awaitingPromotion = false;
            promotion.drainPermits();
        }
    }

    /** Makes the new release the stable one, serving every request; returns the old replicas, still running. */
    List<Replica> handOver() {
        settled = true;
        synchronized (svc) {
            List<Replica> old = new ArrayList<>(svc.stableReplicas);
            svc.stableReplicas.clear();
            svc.stableReplicas.addAll(svc.canaryReplicas);
            svc.canaryReplicas.clear();
            svc.stable = Optional.of(release);
            svc.canary = Optional.empty();
            svc.weight = 0;
            svc.publish();
            return old;
        }
    }

    private RolloutOutcome rollback(String reason) {
        settled = true;
        Thread.interrupted();
        Optional<Release> stable;
        List<Replica> fresh;
        synchronized (svc) {
            stable = svc.stable;
            svc.canary = Optional.empty();
            svc.weight = 0;
            svc.publish();
            fresh = List.copyOf(svc.canaryReplicas);
        }
        String message = reason
                + stable.map(s -> "; rolled back to " + s.version())
                        .orElse("; no earlier release to go back to, the service has no running replica");
        ctx.emit(svc, release.revision(), RolloutPhase.PROGRESSING, 0, "rolling back: " + reason);
        ctx.stopAll(svc, fresh);
        if (stable.isPresent()) {
            try {
                // A rolling update may have stopped old replicas already: bring the stable release back to size.
                StableReplicas.fill(ctx, svc, stable.get(), svc.spec.replicas());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ctx.emit(svc, release.revision(), RolloutPhase.ROLLED_BACK, 0, message);
        return new RolloutOutcome(release.revision(), RolloutPhase.ROLLED_BACK, message);
    }
}
