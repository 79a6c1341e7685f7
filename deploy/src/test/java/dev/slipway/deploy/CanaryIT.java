package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Canary rollouts: weights, pauses, analysis of the router's counts. */
class CanaryIT extends DeployFixture {
    static final CanaryStep.Pause UNTIL_PROMOTED = new CanaryStep.Pause(Optional.empty());

    @Test
    void sendsTheNewReleaseItsShareAndWaitsForPromotion() throws Exception {
        ServiceSpec spec = spec("bird", 4, new Strategy.Canary(List.of(new CanaryStep.SetWeight(25), UNTIL_PROMOTED)));
        outcome(deployer.rollout(spec, release(1, "1.0.0")));

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec, release(2, "2.0.0"));
        await("bird", s -> s.phase() == RolloutPhase.PAUSED);

        ServiceStatus paused = deployer.status("bird").orElseThrow();
        assertThat(paused.canaryWeight()).isEqualTo(25);
        assertThat(paused.canary().orElseThrow().version()).isEqualTo("2.0.0");
        assertThat(paused.replicas().stream().filter(r -> r.replica().revision() == 2))
                .hasSize(1); // ceil(4 * 25 / 100)
        List<Answer> answers = hit("bird", 200);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers.stream().filter(a -> a.body().equals("2.0.0")).count())
                .isBetween(25L, 75L);
        assertThat(rollout).isNotDone();

        assertThat(deployer.promote("bird")).isTrue();
        assertThat(outcome(rollout).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(hit("bird", 8)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "2.0.0")));
        assertThat(deployer.status("bird").orElseThrow().replicas()).hasSize(4);
        assertThat(messages()).contains("2.0.0 takes 25 % of the requests (1 replica)", "paused until promoted");
    }

    @Test
    void failedAnalysisRollsBackAReleaseWhoseAnswersFail() throws Exception {
        ServiceSpec spec = spec(
                "bird",
                2,
                new Strategy.Canary(List.of(
                        new CanaryStep.SetWeight(50),
                        new CanaryStep.Analysis(Duration.ofSeconds(30), 0.1, 10),
                        new CanaryStep.SetWeight(100))));
        outcome(deployer.rollout(spec, release(1, "1.0.0")));

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec, release(2, "2.0.0", "ROOT_STATUS", "500"));
        awaitEvent("analysing the answers of 2.0.0");
        // Enough requests for the analysis to judge; it watches for 30 s but the test ends it with its verdict.
        List<Answer> answers = hit("bird", 40);
        assertThat(answers.stream().filter(a -> a.status() == 500).count()).isEqualTo(20);
        assertThat(rollout).isNotDone();
        assertThat(deployer.abort("bird")).isTrue();
        RolloutOutcome aborted = outcome(rollout);
        assertThat(aborted.message()).isEqualTo("aborted by hand; rolled back to 1.0.0");

        ServiceSpec quick = spec(
                "bird",
                2,
                new Strategy.Canary(List.of(
                        new CanaryStep.SetWeight(50), new CanaryStep.Analysis(Duration.ofMillis(1500), 0.1, 4))));
        CompletableFuture<RolloutOutcome> second = deployer.rollout(quick, release(3, "3.0.0", "ROOT_STATUS", "500"));
        awaitEvent("analysing the answers of 3.0.0");
        hitUntil("bird", second, 400);
        RolloutOutcome outcome = outcome(second);
        assertThat(outcome.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(outcome.message())
                .startsWith("analysis failed: ")
                .contains("requests to 3.0.0 failed in 1.5 s (100 %, more than 10 %)")
                .endsWith("; rolled back to 1.0.0");
        assertThat(hit("bird", 6)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        assertThat(deployer.status("bird").orElseThrow().canaryWeight()).isZero();
    }

    @Test
    void analysisPassesOnAHealthyReleaseAndTheLastStepTakesEverything() throws Exception {
        ServiceSpec spec = spec(
                "bird",
                2,
                new Strategy.Canary(List.of(
                        new CanaryStep.SetWeight(50),
                        new CanaryStep.Pause(Optional.of(Duration.ofMillis(100))),
                        new CanaryStep.Analysis(Duration.ofMillis(500), 0.0, 1))));
        outcome(deployer.rollout(spec, release(1, "1.0.0")));

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec, release(2, "2.0.0"));
        List<Answer> during = hitUntil("bird", rollout, 3000);

        assertThat(outcome(rollout).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(during).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(bodies(during)).containsExactly("1.0.0", "2.0.0");
        assertThat(messages()).anyMatch(m -> m.startsWith("analysis passed: 0 of "));
    }
}
