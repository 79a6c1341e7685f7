package dev.slipway.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.Deployer;
import dev.slipway.deploy.ProcessReplicas;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.DeployedService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale schedule of an environment: decided afresh from the window at start, applied at its changes only, so that
 * replicas set by hand in between stay until the next change.
 */
class ScaleSchedulesTest {
    private static final Instant EVENING = Instant.parse("2026-11-25T20:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-25T22:00:00Z");
    private static final Instant MORNING = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;

    Database db;
    ServiceManager manager;
    long environment;
    long service;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:h2:mem:scale-" + UUID.randomUUID());
        var owner = db.users().create("ann", "ann@example.com", "Ann", "secret-ann", false);
        var repo = db.repos().create(owner.id(), "app", "", false, "main");
        environment = db.environments().findOrCreate(repo.id(), "staging").id();
        service = db.services().put(environment, "web", "{}", 3).id();
        db.rollouts().putSchedule(environment, "0 19 * * *", "0 7 * * *", "UTC");
        var replicas = ProcessReplicas.create(dir);
        manager = new ServiceManager(db, listener -> Deployer.create(replicas, listener, Clock.systemUTC()));
    }

    @AfterEach
    void close() {
        manager.close();
        db.close();
    }

    @Test
    void atStartTheWindowDecidesAndTheServiceKeepsItsReplicas() {
        new ScaleSchedules(db, manager, Clock.fixed(EVENING, ZoneOffset.UTC)).prepare();
        assertThat(web().scaledDown()).isTrue();
        assertThat(web().replicas()).isEqualTo(3);
        new ScaleSchedules(db, manager, Clock.fixed(MORNING, ZoneOffset.UTC)).prepare();
        assertThat(web().scaledDown()).isFalse();
    }

    @Test
    void changesAreAppliedWhenTheyHappenAndHandsAreLeftAloneInBetween() {
        var schedules = new ScaleSchedules(db, manager, Clock.fixed(EVENING, ZoneOffset.UTC));
        schedules.prepare();
        var env = db.environments().find(environment).orElseThrow();
        var repo = db.repos().find(env.repoId()).orElseThrow();
        manager.scale(repo, env, web(), 1); // by hand, while scaled down
        assertThat(web().scaledDown()).isFalse();
        schedules.tick(LATE);
        assertThat(web().scaledDown())
                .as("no change of the window since the start")
                .isFalse();
        assertThat(web().replicas()).isEqualTo(1);
        schedules.tick(MORNING);
        assertThat(web().scaledDown()).isFalse();
        schedules.tick(EVENING.plusSeconds(86_400));
        assertThat(web().scaledDown()).isTrue();
        assertThat(web().replicas()).isEqualTo(1);
        var state = schedules.state(env).orElseThrow();
        assertThat(state.down()).isTrue();
        assertThat(state.describe()).contains("now scaled down", "next change 2026-11-26 07:00 UTC");
    }

    private DeployedService web() {
        return db.services().find(service).orElseThrow();
    }
}
