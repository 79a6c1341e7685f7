package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Blue-green rollouts: the router switches from all old to all new at once. */
class BlueGreenIT extends DeployFixture {

    @Test
    void switchesAtOnceWhenAllNewReplicasAreReady() throws Exception {
        ServiceSpec spec = spec("blue", 2, new Strategy.BlueGreen(true, Duration.ZERO));
        outcome(deployer.rollout(spec, release(1, "1.0.0")));

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec, release(2, "2.0.0"));
        List<Answer> during = hitUntil("blue", rollout, 5000);

        assertThat(outcome(rollout).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        // Once the first 2.0.0 answer came, no 1.0.0 answer follows: the switch is one step.
        int first = during.indexOf(new Answer(200, "2.0.0"));
        List<Answer> before = first < 0 ? during : during.subList(0, first);
        assertThat(before).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        if (first >= 0) {
            assertThat(during.subList(first, during.size()))
                    .allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "2.0.0")));
        }
        assertThat(hit("blue", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "2.0.0")));
        assertThat(deployer.status("blue").orElseThrow().replicas()).hasSize(2);
    }

    @Test
    void withoutAutoPromotionWaitsWithAllNewReplicasReadyUntilPromoted() throws Exception {
        ServiceSpec spec = spec("blue", 2, new Strategy.BlueGreen(false, Duration.ofMillis(200)));
        outcome(deployer.rollout(spec, release(1, "1.0.0")));
        assertThat(deployer.promote("blue")).isFalse();

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec, release(2, "2.0.0"));
        await("blue", s -> s.phase() == RolloutPhase.PAUSED);

        ServiceStatus paused = deployer.status("blue").orElseThrow();
        assertThat(ready(paused)).isEqualTo(4);
        assertThat(paused.canaryWeight()).isZero();
        assertThat(hit("blue", 6)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        assertThat(rollout).isNotDone();

        assertThat(deployer.promote("blue")).isTrue();
        assertThat(outcome(rollout).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(hit("blue", 6)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "2.0.0")));
        assertThat(deployer.status("blue").orElseThrow().replicas())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.replica().revision()).isEqualTo(2));
        assertThat(messages())
                .contains(
                        "all 2 replicas of 2.0.0 are ready; waiting for promotion to switch traffic",
                        "switched: 2.0.0 serves every request; the old replicas stop in 200 ms");
    }
}
