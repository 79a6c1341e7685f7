package dev.slipway.server;

import dev.slipway.deploy.ContainerReplicas;
import dev.slipway.deploy.Deployer;
import dev.slipway.deploy.MixedReplicas;
import dev.slipway.deploy.ProcessReplicas;
import dev.slipway.deploy.ReplicaRuntime;
import dev.slipway.server.hooks.DeploymentHooks;
import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.services.Bundles;
import dev.slipway.server.services.ScaleSchedules;
import dev.slipway.server.services.ServiceManager;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of environments (ADR 0017) in the server: the deployer with its replicas (host processes, their logs in
 * {@code <data>/services/logs}; containers when a Docker or Podman engine answers), the bundles uploaded for them ({@code <data>/services/bundles}) and the scale
 * schedules. Started once the server listens; stopped after the runs.
 */
final class ServiceWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWiring.class);
    private final ServiceManager manager;
    private final Bundles bundles;
    private final ScaleSchedules schedules;

    private ServiceWiring(ServiceManager manager, Bundles bundles, ScaleSchedules schedules) {
        this.manager = manager;
        this.bundles = bundles;
        this.schedules = schedules;
    }

    static ServiceWiring create(Database db, Path dataDir, Webhooks hooks, Supplier<String> serverUrl) {
        var clock = Clock.systemUTC();
        ProcessReplicas replicas;
        try {
            replicas = ProcessReplicas.create(dataDir.resolve("services").resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir.resolve("services") + " for services", e);
        }
        var runtime = MixedReplicas.of(replicas, containers());
        var manager = new ServiceManager(db, listener -> Deployer.create(runtime, listener, clock));
        manager.deploymentEvents(new DeploymentHooks(hooks, db, serverUrl));
        return new ServiceWiring(
                manager,
                new Bundles(dataDir.resolve("services").resolve("bundles")),
                new ScaleSchedules(db, manager, clock));
    }

    /** The container engine ({@code DOCKER_HOST}, Docker's socket or Podman's), when one answers. */
    private static Optional<ReplicaRuntime> containers() {
        try {
            return Optional.of(ContainerReplicas.connect(Optional.empty()));
        } catch (IOException | RuntimeException e) {
            LOG.info("services: no container engine ({}); container images cannot be rolled out", e.getMessage());
            return Optional.empty();
        }
    }

    ServiceManager manager() {
        return manager;
    }

    Bundles bundles() {
        return bundles;
    }

    ScaleSchedules schedules() {
        return schedules;
    }

    /** The environment's scale schedule in one line for its page; empty without one. */
    String describe(Environment env, Instant now) {
        return schedules.state(env).map(ScaleSchedules.State::describe).orElse("");
    }

    /** Marks the scheduled scale-downs of now, restores every service's stable release, starts the schedules. */
    void start() {
        schedules.prepare();
        manager.start();
        schedules.start();
    }

    /** Stops the schedules and the services' routers and processes. */
    void stop() {
        schedules.stop();
        manager.close();
    }
}
