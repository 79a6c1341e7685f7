package dev.slipway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link Deployments} on one {@link ReplicaRuntime}: each service gets a router on 127.0.0.1, each rollout a virtual
 * thread. Event times come from the given clock; waits (readiness timeouts, pauses, analysis windows) use the JVM's
 * monotonic time, so a clock set back or frozen does not stretch them. A service's router keeps the port it was created
 * with. {@link #scale} of an unknown service and {@link #restore} of a known one throw; {@link #scale} cuts a running
 * rollout short first, as a new rollout does. Outside rollouts, a replica whose process or container ends is replaced
 * ({@link Healer}), as a Kubernetes Deployment's replica set replaces a pod.
 */
public final class Deployer implements Deployments {
    /** How often the replicas of services that no rollout is changing are looked at ({@link Healer}). */
    static final Duration HEAL_EVERY = Duration.ofSeconds(2);

    private final Context ctx;
    private final ConcurrentMap<String, ServiceState> services = new ConcurrentHashMap<>();
    private final Thread healer;

    private Deployer(Context ctx) {
        this.ctx = ctx;
        Healer heal = new Healer(ctx);
        this.healer = Thread.ofVirtual().name("deploy-healer").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(HEAL_EVERY);
                } catch (InterruptedException e) {
                    return; // closed
                }
                services.values().forEach(heal::check);
            }
        });
    }

    /**
     * A deployer starting replicas with {@code runtime}, telling {@code listener} every event, dated by {@code clock}.
     * Close it to stop routers and the replicas that do not outlive the server.
     */
    public static Deployer create(ReplicaRuntime runtime, DeployListener listener, InstantSource clock) {
        return new Deployer(new Context(runtime, new Prober(runtime), listener, clock));
    }

    @Override
    public CompletableFuture<RolloutOutcome> rollout(ServiceSpec spec, Release release) {
        ServiceState svc;
        try {
            svc = service(spec);
        } catch (IOException e) {
            String message = Words.reason(e);
            ctx.listener()
                    .event(new RolloutEvent(
                            spec.id(),
                            release.revision(),
                            ctx.clock().instant(),
                            RolloutPhase.ROLLED_BACK,
                            0,
                            message));
            return CompletableFuture.completedFuture(
                    new RolloutOutcome(release.revision(), RolloutPhase.ROLLED_BACK, message));
        }
        synchronized (svc) {
            Rollout rollout = new Rollout(svc, spec, release, ctx, svc.running);
            svc.running = Optional.of(rollout);
            rollout.start();
            return rollout.future;
        }
    }

    private ServiceState service(ServiceSpec spec) throws IOException {
        synchronized (services) {
            ServiceState existing = services.get(spec.id());
            if (existing != null) {
                return existing;
            }
            ServiceState created = new ServiceState(spec, Router.start(spec.id(), spec.port()));
            services.put(spec.id(), created);
            return created;
        }
    }

    @Override
    public void restore(ServiceSpec spec, Release stable) {
        if (services.containsKey(spec.id())) {
            throw new IllegalStateException(
                    "service " + spec.id() + " runs already; restore is for services known from before a restart");
        }
        ServiceState svc;
        try {
            svc = service(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Replica> adopted = new ArrayList<>();
        List<Replica> strays = new ArrayList<>();
        for (Replica r : ctx.runtime().adopt(spec.id())) {
            (r.revision() == stable.revision() && adopted.size() < spec.replicas() ? adopted : strays).add(r);
        }
        synchronized (svc) {
            svc.spec = spec;
            svc.stable = Optional.of(stable);
            for (int i = 0; i < adopted.size(); i++) {
                svc.add(adopted.get(i), i, true);
            }
        }
        ctx.emit(
                svc,
                stable.revision(),
                RolloutPhase.SUCCEEDED,
                0,
                "restoring " + stable.version() + ": " + adopted.size() + " running replica(s) adopted, "
                        + Math.max(0, spec.replicas() - adopted.size()) + " to start");
        Thread.ofVirtual().name("restore-" + spec.id()).start(() -> {
            ctx.stopAll(svc, strays);
            fillQuietly(svc, stable, spec.replicas());
        });
    }

    private void fillQuietly(ServiceState svc, Release stable, int count) {
        try {
            StableReplicas.fill(ctx, svc, stable, count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the service was removed or the deployer closed
        }
    }

    @Override
    public boolean promote(String id) {
        return find(id).flatMap(this::running).map(Rollout::promote).orElse(false);
    }

    @Override
    public boolean abort(String id) {
        return find(id).flatMap(this::running)
                .map(r -> r.abort("aborted by hand"))
                .orElse(false);
    }

    @Override
    public void scale(String id, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
        }
        ServiceState svc = find(id).orElseThrow(() -> new IllegalArgumentException("no service " + id));
        endRollout(svc, "scaled to " + Words.replicas(replicas));
        Optional<Release> stable;
        synchronized (svc) {
            svc.spec = new ServiceSpec(
                    svc.spec.id(), svc.spec.port(), replicas, svc.spec.readiness(), svc.spec.strategy());
            stable = svc.stable;
        }
        StableReplicas.shrink(ctx, svc, replicas);
        int revision = stable.map(Release::revision).orElse(0);
        String version = stable.map(Release::version).orElse(id);
        ctx.emit(svc, revision, RolloutPhase.SUCCEEDED, 0, "scaled " + version + " to " + Words.replicas(replicas));
        stable.ifPresent(s -> Thread.ofVirtual().name("scale-" + id).start(() -> fillQuietly(svc, s, replicas)));
    }

    @Override
    public void remove(String id) {
        ServiceState svc;
        synchronized (services) {
            svc = services.remove(id);
        }
        if (svc != null) {
            shutDown(svc, true);
        }
    }

    @Override
    public Optional<ServiceStatus> status(String id) {
        return find(id).map(ServiceState::status);
    }

    @Override
    public List<ServiceStatus> services() {
        return services.values().stream().map(ServiceState::status).toList();
    }

    @Override
    public void close() {
        healer.interrupt();
        List<ServiceState> all;
        synchronized (services) {
            all = List.copyOf(services.values());
            services.clear();
        }
        all.forEach(svc -> shutDown(svc, false));
        ctx.prober().close();
    }

    /** Stops the router and the replicas, all of them or (closing) those that do not outlive the server. */
    private void shutDown(ServiceState svc, boolean removing) {
        synchronized (svc) {
            svc.removed = true; // first: a rollback under way then brings back no replica
        }
        endRollout(svc, "the service was removed");
        svc.router.close();
        List<Replica> all;
        synchronized (svc) {
            all = new ArrayList<>(svc.stableReplicas);
            all.addAll(svc.canaryReplicas);
        }
        ctx.stopAll(
                svc,
                all.stream()
                        .filter(r -> removing || !ctx.runtime().outlivesServer(r))
                        .toList());
    }

    /** Cuts a running rollout short and waits until it has rolled back. */
    private void endRollout(ServiceState svc, String reason) {
        Optional<Rollout> running = running(svc);
        running.ifPresent(r -> {
            r.supersede(reason);
            r.future.join();
        });
    }

    private Optional<Rollout> running(ServiceState svc) {
        synchronized (svc) {
            return svc.running;
        }
    }

    private Optional<ServiceState> find(String id) {
        return Optional.ofNullable(services.get(id));
    }
}
