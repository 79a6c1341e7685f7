package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ServicesContract extends StoreContract {

    @Test
    void aServiceKeepsItsPortAndNumbersItsReleasesFromOne() {
        var repo = repo();
        var env = db.environments().findOrCreate(repo.id(), "staging");
        var web = db.services().put(env.id(), "web", "{\"strategy\":\"rolling\"}", 2);
        assertThat(web.port()).isZero();
        db.services().port(web.id(), 40123);
        var again = db.services().put(env.id(), "web", "{\"strategy\":\"canary\"}", 3);
        assertThat(again.id()).isEqualTo(web.id());
        assertThat(again.port()).isEqualTo(40123);
        assertThat(again.replicas()).isEqualTo(3);
        assertThat(again.spec()).contains("canary");
        var first = db.services().addRelease(web.id(), "v1", "{}", "{}", Optional.of("/tmp/b1"));
        var second = db.services().addRelease(web.id(), "v2", "{}", "{}", Optional.empty());
        assertThat(List.of(first.revision(), second.revision())).containsExactly(1, 2);
        assertThat(db.services().bundles(web.id())).containsExactly("/tmp/b1");
        db.services().replicas(web.id(), 3, true);
        assertThat(db.services().find(web.id()).orElseThrow().scaledDown()).isTrue();
        assertThat(db.services().list(env.id()))
                .extracting(DeployedService::name)
                .containsExactly("web");
    }

    @Test
    void aRolloutEndsOnceAndItsEventsAreReadAfterAnId() {
        var repo = repo();
        var env = db.environments().findOrCreate(repo.id(), "staging");
        var web = db.services().put(env.id(), "web", "{}", 1);
        db.services().addRelease(web.id(), "v1", "{}", "{}", Optional.empty());
        var rollout = db.rollouts()
                .create(new Rollout.Draft(
                        web.id(), 1, "canary", Optional.empty(), Optional.empty(), Optional.empty(), "alice"));
        assertThat(rollout.phase()).isEqualTo("progressing");
        assertThat(db.rollouts().unfinished()).extracting(Rollout::id).contains(rollout.id());
        var started = db.rollouts()
                .event(rollout.id(), "progressing", 25, "25% to the canary")
                .orElseThrow();
        db.rollouts().event(rollout.id(), "succeeded", 100, "done");
        assertThat(db.rollouts().event(rollout.id(), "rolled_back", 0, "too late"))
                .isEmpty();
        var ended = db.rollouts().find(rollout.id()).orElseThrow();
        assertThat(ended.phase()).isEqualTo("succeeded");
        assertThat(ended.completed()).isPresent();
        assertThat(db.rollouts().events(rollout.id(), started.id()))
                .extracting(Rollout.Event::message)
                .containsExactly("done");
        assertThat(db.rollouts().succeeded(web.id())).containsExactly(1);
        assertThat(db.rollouts().unfinished()).extracting(Rollout::id).doesNotContain(rollout.id());
    }

    @Test
    void aScaleScheduleIsReplacedAndGoesWithItsEnvironment() {
        var repo = repo();
        var env = db.environments().findOrCreate(repo.id(), "staging");
        db.rollouts().putSchedule(env.id(), "0 19 * * 1-5", "0 7 * * 1-5", "Europe/Berlin");
        var changed = db.rollouts().putSchedule(env.id(), "0 20 * * *", "0 6 * * *", "UTC");
        assertThat(changed.down()).isEqualTo("0 20 * * *");
        assertThat(db.rollouts().schedules()).hasSize(1);
        var web = db.services().put(env.id(), "web", "{}", 1);
        db.environments().delete(repo.id(), "staging");
        assertThat(db.rollouts().schedule(env.id())).isEmpty();
        assertThat(db.services().find(web.id())).isEmpty();
    }
}
