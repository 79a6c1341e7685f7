package dev.slipway.server.services;

import dev.slipway.deploy.DeployListener;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.Release;
import dev.slipway.deploy.RolloutOutcome;
import dev.slipway.deploy.RolloutPhase;
import dev.slipway.deploy.ServiceStatus;
import dev.slipway.deploy.Workload;
import dev.slipway.server.environments.DeploymentEvents;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.DeployedService;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Rollout;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the services of environments (ADR 0017): it stores services, releases and rollouts and drives
 * {@link Deployments} from the API, the pages, {@code slipway/rollout} and the scale schedules. At {@link #start} it
 * records rollouts a stop cut short as rolled back and restores every service's stable release, at the port its
 * router had. Thread-safe.
 */
public final class ServiceManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceManager.class);
    private final Database db;
    private final RolloutRecorder recorder;
    private final Deployments deployments;

    /** @param factory makes the deployments, telling the listener it is given */
    public ServiceManager(Database db, Function<DeployListener, Deployments> factory) {
        this.db = db;
        this.recorder = new RolloutRecorder(db);
        this.deployments = factory.apply(recorder);
    }

    /** Who hears of the deployment statuses rollouts add (webhooks). */
    public void deploymentEvents(DeploymentEvents events) {
        recorder.events(events);
    }

    /** A release to roll out: its settings, replicas, workload and environment variables. */
    public record Request(
            String version, int replicas, Specs.Settings settings, Workload workload, Map<String, String> env) {
        public Request {
            env = Map.copyOf(env);
        }
    }

    /** Who asked for a rollout: a job (its run, its deployment when it has one) or a user. */
    public record Requester(Optional<Long> runId, Optional<Long> jobId, Optional<Long> deploymentId, String login) {
        public static Requester user(String login) {
            return new Requester(Optional.empty(), Optional.empty(), Optional.empty(), login);
        }
    }

    /** Rolls a new release out to the service {@code name} of the environment, creating the service when new. */
    public synchronized Rollout rollout(Repo repo, Environment env, String name, Request request, Requester who) {
        var service = db.services().put(env.id(), name, Specs.write(request.settings()), request.replicas());
        if (service.scaledDown()) { // a new release brings a service its schedule holds at 0 back
            db.services().replicas(service.id(), request.replicas(), false);
        }
        var bundle = request.workload() instanceof Workload.Process p
                ? Optional.of(p.directory().toString())
                : Optional.<String>empty();
        var release = db.services()
                .addRelease(
                        service.id(),
                        request.version(),
                        Specs.write(request.workload()),
                        Specs.writeEnv(request.env()),
                        bundle);
        return start(repo, env, db.services().find(service.id()).orElseThrow(), release, who);
    }

    /**
     * Rolls the release before the stable one out again, as a new revision (Argo Rollouts' rollback); empty when the
     * service has had no earlier successful release.
     */
    public synchronized Optional<Rollout> rollback(Repo repo, Environment env, DeployedService service, Requester who) {
        var succeeded = db.rollouts().succeeded(service.id());
        var stable = succeeded.isEmpty() ? Optional.<Integer>empty() : Optional.of(succeeded.getFirst());
        var previous =
                succeeded.stream().filter(r -> !stable.equals(Optional.of(r))).findFirst();
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        var old = db.services().release(service.id(), previous.get()).orElseThrow();
        var release = db.services().addRelease(service.id(), old.version(), old.workload(), old.env(), old.bundle());
        return Optional.of(start(repo, env, service, release, who));
    }

    private Rollout start(
            Repo repo, Environment env, DeployedService service, DeployedService.Release release, Requester who) {
        var settings = Specs.settings(service.spec());
        var rollout = db.rollouts()
                .create(new Rollout.Draft(
                        service.id(),
                        release.revision(),
                        settings.strategy(),
                        who.runId(),
                        who.jobId(),
                        who.deploymentId(),
                        who.login()));
        var id = id(repo, env, service);
        int port = service.port() > 0 ? service.port() : freePort();
        if (service.port() == 0) { // fixed at the first rollout, so that the address outlives restarts
            db.services().port(service.id(), port);
        }
        var url = "http://127.0.0.1:" + port;
        recorder.track(id, rollout, url);
        var future = deployments.rollout(settings.spec(id, port, replicas(service)), toRelease(release));
        future.whenComplete((outcome, failure) -> {
            var result = failure == null
                    ? outcome
                    : new RolloutOutcome(
                            release.revision(),
                            RolloutPhase.ROLLED_BACK,
                            "the rollout failed: "
                                    + Optional.ofNullable(failure.getMessage())
                                            .orElse(failure.getClass().getSimpleName()));
            try {
                recorder.finished(id, result);
            } catch (RuntimeException e) {
                LOG.warn("cannot record the end of rollout {}", rollout.id(), e);
            }
        });
        return db.rollouts().find(rollout.id()).orElseThrow();
    }

    public boolean promote(Repo repo, Environment env, DeployedService service) {
        return deployments.promote(id(repo, env, service));
    }

    public boolean abort(Repo repo, Environment env, DeployedService service) {
        return deployments.abort(id(repo, env, service));
    }

    /** Sets the replicas by hand: the service leaves its schedule's scale-down, until the next. */
    public synchronized void scale(Repo repo, Environment env, DeployedService service, int replicas) {
        db.services().replicas(service.id(), replicas, false);
        if (deployments.status(id(repo, env, service)).isPresent()) {
            deployments.scale(id(repo, env, service), replicas);
        }
    }

    /** Scales the service to 0 for its schedule, remembering its replicas; or back to them. */
    public synchronized void scheduled(Repo repo, Environment env, DeployedService service, boolean down) {
        db.services().replicas(service.id(), service.replicas(), down);
        if (deployments.status(id(repo, env, service)).isPresent()) {
            deployments.scale(id(repo, env, service), down ? 0 : service.replicas());
        }
    }

    /** Stops the service and forgets it, with its releases, rollouts and bundles. */
    public synchronized void remove(Repo repo, Environment env, DeployedService service) {
        deployments.remove(id(repo, env, service));
        var bundles = db.services().bundles(service.id());
        db.services().delete(service.id());
        for (var dir : bundles) {
            try {
                Bundles.delete(java.nio.file.Path.of(dir));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("cannot delete bundle {} of a removed service", dir, e);
            }
        }
    }

    public Optional<ServiceStatus> status(Repo repo, Environment env, DeployedService service) {
        return deployments.status(id(repo, env, service));
    }

    /** The service as the API and the pages show it. */
    public ServiceView view(Repo repo, Environment env, DeployedService service) {
        var status = status(repo, env, service);
        var latest = db.rollouts().list(service.id(), 1).stream().findFirst();
        var stableRevision = db.rollouts().succeeded(service.id()).stream().findFirst();
        Optional<ServiceView.Version> stable = status.flatMap(ServiceStatus::stable)
                .map(r -> new ServiceView.Version(r.revision(), r.version()))
                .or(() -> stableRevision
                        .flatMap(r -> db.services().release(service.id(), r))
                        .map(r -> new ServiceView.Version(r.revision(), r.version())));
        var canary = status.flatMap(ServiceStatus::canary).map(r -> new ServiceView.Version(r.revision(), r.version()));
        var url = status.map(s -> s.url().toString())
                .orElse(service.port() > 0 ? "http://127.0.0.1:" + service.port() : "");
        int ready = status.map(s -> (int) s.replicas().stream()
                        .filter(ServiceStatus.ReplicaStatus::ready)
                        .count())
                .orElse(0);
        var phase = latest.map(Rollout::phase).orElse("none");
        var message = latest.map(Rollout::message).orElse("");
        if (status.isPresent() && latest.map(Rollout::done).orElse(true)) {
            message = status.get().message().isBlank() ? message : status.get().message();
        }
        return new ServiceView(
                service.id(),
                service.name(),
                env.name(),
                url,
                stable,
                canary,
                status.map(ServiceStatus::canaryWeight).orElse(0),
                ready,
                replicas(service),
                service.replicas(),
                service.scaledDown(),
                Specs.settings(service.spec()).strategy(),
                phase,
                message,
                latest.map(Rollout::id));
    }

    /** Records rollouts a stop cut short as rolled back, then restores every service's stable release. */
    public void start() {
        for (var cut : db.rollouts().unfinished()) {
            recorder.cutShort(cut);
        }
        for (var service : db.services().all()) {
            try {
                restore(service);
            } catch (RuntimeException e) {
                LOG.warn("cannot restore service {} (id {})", service.name(), service.id(), e);
            }
        }
    }

    private void restore(DeployedService service) {
        var env = db.environments().find(service.environmentId()).orElseThrow();
        var repo = db.repos().find(env.repoId()).orElseThrow();
        var stable = db.rollouts().succeeded(service.id()).stream().findFirst();
        if (stable.isEmpty()) {
            return; // never rolled out successfully: nothing to serve
        }
        var release = db.services().release(service.id(), stable.get()).orElseThrow();
        var settings = Specs.settings(service.spec());
        deployments.restore(
                settings.spec(id(repo, env, service), service.port(), replicas(service)), toRelease(release));
        LOG.info("restored service {} at revision {}", id(repo, env, service), release.revision());
    }

    /** A port free on 127.0.0.1 now, for a new service's router. */
    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot find a free port for a service's router", e);
        }
    }

    private static int replicas(DeployedService service) {
        return service.scaledDown() ? 0 : service.replicas();
    }

    /** The id {@link Deployments} knows the service by: {@code owner/repo/environment/name}. */
    static String id(Repo repo, Environment env, DeployedService service) {
        return repo.fullName() + "/" + env.name() + "/" + service.name();
    }

    static Release toRelease(DeployedService.Release r) {
        return new Release(r.revision(), r.version(), Specs.workload(r.workload()), Specs.env(r.env()));
    }

    @Override
    public void close() {
        recorder.stopping();
        deployments.close();
    }
}
