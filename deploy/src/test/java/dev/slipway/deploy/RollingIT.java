package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** First releases and rolling updates over real processes, watched through the router. */
class RollingIT extends DeployFixture {
    static final Strategy ROLLING = new Strategy.Rolling(1, 0);

    @Test
    void firstReleaseStartsAllReplicasAndRoutesToThem() throws Exception {
        RolloutOutcome outcome = outcome(deployer.rollout(spec("shop", 2, ROLLING), release(1, "1.0.0")));

        assertThat(outcome.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        ServiceStatus status = deployer.status("shop").orElseThrow();
        assertThat(status.stable().orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(status.canary()).isEmpty();
        assertThat(ready(status)).isEqualTo(2);
        assertThat(status.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(hit("shop", 10)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.0")));
        assertThat(messages()).contains("replica 2 of 2 of 1.0.0 is ready", "1.0.0 serves every request");
    }

    @Test
    void rollingUpdateReplacesEveryReplicaWhileTheServiceKeepsAnswering() throws Exception {
        outcome(deployer.rollout(spec("shop", 3, ROLLING), release(1, "1.0.0")));

        CompletableFuture<RolloutOutcome> rollout = deployer.rollout(spec("shop", 3, ROLLING), release(2, "1.0.1"));
        List<Answer> during = hitUntil("shop", rollout, 2000);

        assertThat(outcome(rollout).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(during).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(bodies(during)).isSubsetOf("1.0.0", "1.0.1").contains("1.0.0");
        assertThat(hit("shop", 9)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.1")));
        ServiceStatus status = deployer.status("shop").orElseThrow();
        assertThat(status.replicas())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.replica().revision()).isEqualTo(2));
        assertThat(messages()).contains("stopped replica 3 of 3 of 1.0.0", "1.0.1 serves every request; 1.0.0 stopped");
    }

    @Test
    void unhealthyReleaseIsRolledBackAndTheOldReplicasServeThroughout() throws Exception {
        outcome(deployer.rollout(spec("shop", 2, ROLLING), release(1, "1.0.6")));

        CompletableFuture<RolloutOutcome> rollout =
                deployer.rollout(spec("shop", 2, ROLLING), release(2, "1.0.7", "HEALTH_STATUS", "500"));
        List<Answer> during = hitUntil("shop", rollout, 5000);

        RolloutOutcome outcome = outcome(rollout);
        assertThat(outcome.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(outcome.message())
                .isEqualTo("readiness check failed: GET /health answered 500 for 2 s (replica 1 of 2 of 1.0.7);"
                        + " rolled back to 1.0.6");
        assertThat(during).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.6")));
        ServiceStatus status = deployer.status("shop").orElseThrow();
        assertThat(status.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(status.canary()).isEmpty();
        assertThat(status.replicas())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.replica().revision()).isEqualTo(1));
    }

    @Test
    void replicaExitingAtOnceRollsBackWithItsLastLine() throws Exception {
        outcome(deployer.rollout(spec("shop", 1, ROLLING), release(1, "1.0.6")));

        RolloutOutcome outcome = outcome(deployer.rollout(
                spec("shop", 1, ROLLING),
                release(2, "1.0.7", "EXIT_CODE", "3", "EXIT_MESSAGE", "database unreachable")));

        assertThat(outcome.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(outcome.message())
                .isEqualTo("replica 1 of 1 of 1.0.7 exited with code 3: database unreachable; rolled back to 1.0.6");
        assertThat(hit("shop", 3)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.6")));
    }

    @Test
    void surgeZeroStopsAnOldReplicaFirstAndBringsItBackOnRollback() throws Exception {
        ServiceSpec spec = spec("shop", 2, new Strategy.Rolling(0, 1));
        outcome(deployer.rollout(spec, release(1, "1.0.6")));

        RolloutOutcome failed = outcome(deployer.rollout(spec, release(2, "1.0.7", "HEALTH_STATUS", "503")));

        assertThat(failed.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        await("shop", s -> ready(s) == 2);
        assertThat(hit("shop", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.6")));
        assertThat(outcome(deployer.rollout(spec, release(3, "1.0.8"))).phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(hit("shop", 4)).allSatisfy(a -> assertThat(a).isEqualTo(new Answer(200, "1.0.8")));
    }
}
