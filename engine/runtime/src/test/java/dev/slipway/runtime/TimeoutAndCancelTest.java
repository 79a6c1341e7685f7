package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeoutAndCancelTest {
    @TempDir
    Path dir;

    private final FakeExecutor fake = FakeExecutor.builder()
            .onCommandContaining("hang", Script.hang())
            .defaultScript(Script.exit(0))
            .build();

    @Test
    void stepTimeoutKillsTheStepAndFailsItLikeGitHub() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: slow
                        name: Slow thing
                        timeout-minutes: 0.005
                        run: hang
                      - id: next
                        run: echo next
                      - id: cleanup
                        if: always()
                        run: echo cleanup
                """);
        assertThat(run.step("slow").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all()).contains("ERROR The action 'Slow thing' has timed out after 0.005 minutes.");
        assertThat(fake.destroyedSteps()).hasSize(1);
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("cleanup").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void stepTimeoutWithContinueOnErrorLetsTheJobSucceed() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: slow
                        timeout-minutes: 0.005
                        continue-on-error: true
                        run: hang
                      - id: next
                        run: echo next
                """);
        assertThat(run.step("slow").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("slow").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void jobTimeoutStopsTheJobWithGitHubsMessage() {
        var run = new Harness(dir)
                .executor(fake)
                .options(RuntimeOptions.defaults().withRunnerName("box-1"))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            timeout-minutes: 0.005
                            steps:
                              - id: slow
                                run: hang
                              - id: next
                                run: echo next
                              - id: cleanup
                                if: always()
                                run: echo cleanup
                        """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure())
                .contains("The job running on runner box-1 has exceeded the maximum execution time of 0.005 minutes.");
        assertThat(run.step("slow").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("cleanup").conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void cancellationKillsARunningSleepAndRunsOnlyAlwaysAndCancelledSteps() {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();
        var run = new Harness(dir)
                .cancel(cancel)
                .onLog(line -> {
                    if (line.text().equals("sleeping")) {
                        Thread.ofVirtual().start(cancel::cancel);
                    }
                })
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: sleep
                        run: echo sleeping; sleep 30
                      - id: normal
                        run: echo normal
                      - id: failure
                        if: failure()
                        run: echo failure
                      - id: cancelled
                        if: cancelled()
                        run: echo cancelled-ran
                      - id: always
                        if: always()
                        run: echo always-ran
                """);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("sleep").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("normal").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("failure").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("cancelled").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("always").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("cancelled-ran", "always-ran");
    }

    @Test
    void cancellationObjectRunsCallbacksOnce() {
        Cancellation c = new Cancellation();
        int[] calls = {0};
        c.onCancel(() -> calls[0]++);
        c.cancel();
        c.cancel();
        c.onCancel(() -> calls[0] += 10);
        assertThat(c.isCancelled()).isTrue();
        assertThat(calls[0]).isEqualTo(11);
    }
}
