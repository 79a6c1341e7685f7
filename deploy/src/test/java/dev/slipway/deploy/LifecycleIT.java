package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A service's life outside a plain rollout: abort, a rollout during a rollout, scaling, restoring, removing. */
class LifecycleIT extends DeployFixture {
    static final Strategy PAUSING =
            new Strategy.Canary(List.of(new CanaryStep.SetWeight(50), new CanaryStep.Pause(Optional.empty())));

    @Test
    void abortRollsBackByHand() throws Exception {
        outcome(deployer.rollout(spec("app", 2, PAUSING), release(1, "1.0.0")));
        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec("app", 2, PAUSING), release(2, "2.0.0"));
        await("app", s -> s.phase() == RolloutPhase.PAUSED);

        assertThat(deployer.abort("app")).isTrue();

        assertThat(outcome(rollout))
                .isEqualTo(new RolloutOutcome(2, RolloutPhase.ROLLED_BACK, "aborted by hand; rolled back to 1.0.0"));
        assertThat(deployer.abort("app")).isFalse();
        assertThat(hit("app", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        assertThat(deployer.status("app").orElseThrow().replicas())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.replica().revision()).isEqualTo(1));
    }

    @Test
    void aNewReplicaEndingDuringAPauseRollsBack() throws Exception {
        outcome(deployer.rollout(spec("app", 2, PAUSING), release(1, "1.0.0")));
        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec("app", 2, PAUSING), release(2, "2.0.0"));
        await("app", s -> s.phase() == RolloutPhase.PAUSED);
        Replica canary = deployer.status("app").orElseThrow().replicas().stream()
                .map(ServiceStatus.ReplicaStatus::replica)
                .filter(r -> r.revision() == 2)
                .findFirst()
                .orElseThrow();

        runtime.stop(canary, java.time.Duration.ofSeconds(5)); // behind the deployer's back, as a crash would

        assertThat(outcome(rollout).message()).isEqualTo("replica 1 of 2 of 2.0.0 was stopped; rolled back to 1.0.0");
        assertThat(hit("app", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
    }

    @Test
    void aStableReplicaThatEndsOutsideARolloutIsReplaced() throws Exception {
        outcome(deployer.rollout(spec("app", 2, new Strategy.Rolling(1, 0)), release(1, "1.0.0")));
        java.util.Set<String> before = ids();
        // a crash: one replica's process ends, behind the deployer's back
        ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").contains("python"))
                .findFirst()
                .orElseThrow()
                .destroy();

        awaitEvent("starting 1 replacement of 1.0.0");
        await("app", s -> ready(s) == 2 && !before.containsAll(ids()));
        assertThat(messages()).anySatisfy(m -> assertThat(m).matches("replica [12] of 2 of 1.0.0 exited with code .*"));
        java.util.Set<String> after = ids();
        after.retainAll(before);
        assertThat(after).hasSize(1); // the other replica served on
        assertThat(hit("app", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
    }

    private java.util.Set<String> ids() {
        return deployer.status("app").orElseThrow().replicas().stream()
                .map(r -> r.replica().id())
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void rolloutDuringARolloutAbortsTheRunningOneFirst() throws Exception {
        outcome(deployer.rollout(spec("app", 1, PAUSING), release(1, "1.0.0")));
        CompletableFuture<RolloutOutcome> first = deployer.rollout(spec("app", 1, PAUSING), release(2, "2.0.0"));
        await("app", s -> s.phase() == RolloutPhase.PAUSED);

        CompletableFuture<RolloutOutcome> second =
                deployer.rollout(spec("app", 1, new Strategy.Rolling(1, 0)), release(3, "3.0.0"));

        assertThat(outcome(first).message()).isEqualTo("superseded by the rollout of 3.0.0; rolled back to 1.0.0");
        assertThat(outcome(second).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(hit("app", 3)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "3.0.0")));
        assertThat(deployer.status("app").orElseThrow().replicas())
                .singleElement()
                .satisfies(r -> assertThat(r.replica().revision()).isEqualTo(3));
    }

    @Test
    void scaledToZeroTheRouterAnswers503AndScaledUpItServesAgain() throws Exception {
        outcome(deployer.rollout(spec("app", 2, PAUSING), release(1, "1.0.0")));

        deployer.scale("app", 0);

        Answer down = get(url("app"));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body()).contains("app has no running replica");
        assertThat(deployer.status("app").orElseThrow().replicas()).isEmpty();

        deployer.scale("app", 3);
        await("app", s -> ready(s) == 3);
        assertThat(hit("app", 6)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        assertThat(deployer.status("app").orElseThrow().desiredReplicas()).isEqualTo(3);
        assertThat(messages()).contains("scaled 1.0.0 to 0 replicas", "scaled 1.0.0 to 3 replicas");
    }

    @Test
    void restoreStartsTheStableReleaseWithoutARollout() throws Exception {
        deployer.restore(spec("app", 2, PAUSING), release(4, "1.4.0"));

        await("app", s -> ready(s) == 2);
        ServiceStatus status = deployer.status("app").orElseThrow();
        assertThat(status.stable().orElseThrow().revision()).isEqualTo(4);
        assertThat(status.canary()).isEmpty();
        assertThat(hit("app", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.4.0")));
        assertThat(messages()).contains("restoring 1.4.0: 0 running replica(s) adopted, 2 to start");

        assertThat(outcome(deployer.rollout(spec("app", 2, new Strategy.Rolling(1, 0)), release(5, "1.5.0")))
                        .phase())
                .isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(hit("app", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.5.0")));
    }

    @Test
    void removeStopsTheReplicasAndTheRouter() throws Exception {
        outcome(deployer.rollout(spec("app", 1, PAUSING), release(1, "1.0.0")));
        ServiceStatus status = deployer.status("app").orElseThrow();
        Replica replica = status.replicas().get(0).replica();

        deployer.remove("app");

        assertThat(deployer.status("app")).isEmpty();
        assertThat(deployer.services()).isEmpty();
        assertThat(runtime.alive(replica)).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get(status.url())))
                .isInstanceOf(java.io.IOException.class);
    }
}
