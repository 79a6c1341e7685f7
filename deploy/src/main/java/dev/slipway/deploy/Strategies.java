package dev.slipway.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The order of a rollout's moves for each strategy (ADR 0017; Argo Rollouts' names and meanings). */
final class Strategies {
    private final Rollout r;
    private final int n;

    Strategies(Rollout rollout) {
        this.r = rollout;
        this.n = rollout.spec.replicas();
    }

    RolloutOutcome run() throws IOException, InterruptedException, Rollout.Failed {
        Optional<Release> before;
        synchronized (r.svc) {
            before = r.svc.stable;
            r.svc.spec = r.spec;
            r.svc.canary = Optional.of(r.release);
            r.svc.weight = 0;
        }
        String what = r.release.version() + " (" + name(r.spec.strategy()) + ", " + Words.replicas(n) + ")";
        r.emit(
                RolloutPhase.PROGRESSING,
                before.map(b -> "rolling out " + what + " to replace " + b.version())
                        .orElse("rolling out " + what + ", the first release of " + r.svc.id));
        List<Replica> old;
        if (before.isEmpty()) {
            r.scaleNewTo(n);
            old = r.handOver();
        } else {
            old = switch (r.spec.strategy()) {
                case Strategy.Rolling rolling -> rolling(rolling);
                case Strategy.BlueGreen blueGreen -> blueGreen(blueGreen);
                case Strategy.Canary canary -> canary(canary);
            };
        }
        r.ctx.stopAll(r.svc, old);
        String message = r.release.version() + " serves every request"
                + before.map(b -> "; " + b.version() + " stopped").orElse("");
        r.emit(RolloutPhase.SUCCEEDED, message);
        return new RolloutOutcome(r.release.revision(), RolloutPhase.SUCCEEDED, message);
    }

    private static String name(Strategy strategy) {
        return switch (strategy) {
            case Strategy.Rolling s -> "rolling";
            case Strategy.BlueGreen s -> "blue-green";
            case Strategy.Canary s -> "canary";
        };
    }

    /**
     * Replica by replica, as Kubernetes does: start new ones while the total stays within {@code n + maxSurge}, stop
     * an old one while the ready ones stay at least {@code n - maxUnavailable}, else wait for the next new one to be
     * ready. With {@code maxUnavailable} 0 an old replica stops only once a new one is ready.
     */
    private List<Replica> rolling(Strategy.Rolling s) throws IOException, InterruptedException, Rollout.Failed {
        int surge = Math.max(0, s.maxSurge());
        int unavailable = Math.max(0, s.maxUnavailable());
        if (surge == 0 && unavailable == 0) {
            surge = 1; // as Kubernetes refuses both 0: nothing could move
        }
        r.spreadEvenly = true;
        r.spreadWeight();
        while (true) {
            List<Replica> old = r.old();
            List<Replica> fresh = r.fresh();
            int oldReady;
            int newReady;
            synchronized (r.svc) {
                oldReady = r.svc.readyCount(old);
                newReady = r.svc.readyCount(fresh);
            }
            if (newReady >= n && old.isEmpty()) {
                return r.handOver();
            }
            if (old.size() + fresh.size() < n + surge && fresh.size() < n) {
                r.startNew();
                continue;
            }
            Optional<Replica> idle = old.stream().filter(o -> !r.svc.isReady(o)).findFirst();
            if (idle.isEmpty() && !old.isEmpty() && oldReady + newReady - 1 >= n - unavailable) {
                idle = Optional.of(old.get(old.size() - 1));
            }
            if (idle.isPresent()) {
                r.stopOld(idle.get());
            } else if (fresh.size() > newReady) {
                r.awaitNew(1);
            } else {
                throw new Rollout.Failed("the rolling update cannot go on with maxSurge " + s.maxSurge()
                        + " and maxUnavailable " + s.maxUnavailable());
            }
        }
    }

    /** All new replicas beside the old ones; the router switches at once when they are ready (and promoted). */
    private List<Replica> blueGreen(Strategy.BlueGreen s) throws IOException, InterruptedException, Rollout.Failed {
        r.scaleNewTo(n);
        if (!s.autoPromote()) {
            r.allowPromotion();
            r.emit(
                    RolloutPhase.PAUSED,
                    "all " + Words.replicas(n) + " of " + r.release.version()
                            + " are ready; waiting for promotion to switch traffic");
            r.watch(Optional.empty(), true);
        }
        List<Replica> old = r.handOver();
        r.emit(
                RolloutPhase.PROGRESSING,
                "switched: " + r.release.version() + " serves every request; the old replicas stop in "
                        + Words.duration(s.scaleDownDelay()));
        try {
            Thread.sleep(s.scaleDownDelay());
        } catch (InterruptedException e) {
            // superseded or removed: traffic has moved already, the old replicas may stop now
        }
        return old;
    }

    private List<Replica> canary(Strategy.Canary s) throws IOException, InterruptedException, Rollout.Failed {
        for (CanaryStep step : s.steps()) {
            switch (step) {
                case CanaryStep.SetWeight w -> setWeight(w.percent());
                case CanaryStep.Pause p -> pause(p.duration());
                case CanaryStep.Analysis a -> analyse(a);
            }
        }
        setWeight(100);
        return r.handOver();
    }

    /** Scales the new release to its share of the replicas (at least one for any share), then moves the traffic. */
    private void setWeight(int percent) throws IOException, InterruptedException, Rollout.Failed {
        int p = Math.clamp(percent, 0, 100);
        r.scaleNewTo((int) Math.ceil(n * p / 100.0));
        r.setWeight(p);
        r.emit(
                RolloutPhase.PROGRESSING,
                r.release.version() + " takes " + p + " % of the requests ("
                        + Words.replicas(r.fresh().size()) + ")");
    }

    private void pause(Optional<Duration> duration) throws InterruptedException, Rollout.Failed {
        r.allowPromotion();
        if (duration.isPresent()) {
            r.emit(RolloutPhase.PROGRESSING, "pausing for " + Words.duration(duration.get()));
            r.watch(duration, true);
        } else {
            r.emit(RolloutPhase.PAUSED, "paused until promoted");
            r.watch(Optional.empty(), true);
            r.emit(RolloutPhase.PROGRESSING, "promoted: going on");
        }
    }

    private void analyse(CanaryStep.Analysis a) throws InterruptedException, Rollout.Failed {
        int revision = r.release.revision();
        Router.Traffic before = r.svc.router.traffic(revision);
        r.emit(
                RolloutPhase.PROGRESSING,
                "analysing the answers of " + r.release.version() + " for " + Words.duration(a.window()) + " (at most "
                        + percent(a.maxErrorRate()) + " failed)");
        r.watch(Optional.of(a.window()), false);
        Router.Traffic seen = r.svc.router.traffic(revision).minus(before);
        String counted = seen.failures() + " of " + seen.requests() + " requests to " + r.release.version()
                + " failed in " + Words.duration(a.window());
        if (seen.requests() < a.minRequests()) {
            r.emit(
                    RolloutPhase.PROGRESSING,
                    "analysis inconclusive, going on: " + counted + ", fewer than the " + a.minRequests()
                            + " needed to judge");
        } else if ((double) seen.failures() / seen.requests() > a.maxErrorRate()) {
            throw new Rollout.Failed("analysis failed: " + counted + " ("
                    + percent((double) seen.failures() / seen.requests()) + ", more than "
                    + percent(a.maxErrorRate()) + ")");
        } else {
            r.emit(RolloutPhase.PROGRESSING, "analysis passed: " + counted);
        }
    }

    private static String percent(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format("%.1f", p)) + " %";
    }
}
