package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutAndCancelTest {
    @TempDir
    Path dir;

    /** An always() step that would go on for 30 s after a cancellation, in a job whose cancel timeout is 0.3 s. */
    private static final String STUCK_CLEANUP = """
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    cancel-timeout-minutes: 0.005
                    steps:
                      - id: cleanup
                        if: always()
                        run: echo cleaning; sleep 30; echo cleaned
                """;

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
    void jobTimeoutLetsARunningAlwaysStepFinishAsGitHubsRunnerDoes() {
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withRunnerName("box-1"))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            timeout-minutes: 0.005
                            steps:
                              - id: upload
                                if: always()
                                run: echo uploading; sleep 1; echo uploaded
                              - id: next
                                run: echo next-ran
                              - id: after
                                if: cancelled()
                                run: echo after-ran
                        """);
        assertThat(run.step("upload").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("uploaded", "after-ran").doesNotContain("next-ran");
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("after").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure())
                .contains("The job running on runner box-1 has exceeded the maximum execution time of 0.005 minutes.");
    }

    @Test
    void theCancelTimeoutStopsWhatGoesOnAfterTheJobTimedOutAndStartsNothingMore() {
        Instant start = Instant.now();
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    timeout-minutes: 0.005
                    cancel-timeout-minutes: ${{ 0.005 }}
                    steps:
                      - id: stuck
                        if: always()
                        run: echo stuck; sleep 30; echo unstuck
                      - id: after
                        if: always()
                        run: echo after-ran
                """);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.step("stuck").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("after").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.output()).contains("stuck").doesNotContain("unstuck", "after-ran");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void theCancelTimeoutBoundsAnAlwaysStepAfterAGracefulCancellation() {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();
        var run = cancelOn("cleaning", cancel, cancel::cancelGracefully).run(STUCK_CLEANUP);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.step("cleanup").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.output()).doesNotContain("cleaned");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aCancellationBeforeTheJobKnewItsCancelTimeoutStillEndsAtThatTimeout() {
        Cancellation cancel = new Cancellation();
        cancel.cancelGracefully(); // before the job starts: its timer starts with the default of 5 minutes
        Instant start = Instant.now();
        var run = new Harness(dir).cancel(cancel).run(STUCK_CLEANUP);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.step("cleanup").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.output()).contains("cleaning").doesNotContain("cleaned");
    }

    @Test
    void aCancelTimeoutThatIsNoPositiveNumberFailsTheJobNamingTheField() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    cancel-timeout-minutes: ${{ 'soon' }}
                    steps:
                      - id: never
                        run: echo never-ran
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure())
                .hasValueSatisfying(
                        m -> assertThat(m).contains("cancel-timeout-minutes must be a positive number, got 'soon'"));
        assertThat(run.output()).doesNotContain("never-ran");
    }

    @Test
    void cancellationKillsARunningSleepAndRunsOnlyAlwaysAndCancelledSteps() {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();
        var run = cancelOn("sleeping", cancel, cancel::cancel).run("""
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
    void aGracefulCancellationLetsARunningAlwaysStepFinishAsGitHubsRunnerDoes() {
        Cancellation cancel = new Cancellation();
        var run = cancelOn("uploading", cancel, cancel::cancelGracefully).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: upload
                        if: always()
                        run: echo uploading; sleep 0.5; echo uploaded
                      - id: normal
                        run: echo normal
                      - id: after
                        if: cancelled()
                        run: echo after-ran
                """);
        assertThat(run.step("upload").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("uploaded", "after-ran").doesNotContain("normal");
        assertThat(run.step("normal").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("after").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "success()", "${{ !cancelled() }}", "failure() || success()"})
    void aGracefulCancellationStopsARunningStepWhoseIfNoLongerHolds(String condition) {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();
        var run = cancelOn("sleeping", cancel, cancel::cancelGracefully)
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: sleep
                        if: CONDITION
                        run: echo sleeping; sleep 30
                """.replace("if: CONDITION", condition.isEmpty() ? "name: plain" : "if: " + condition));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.step("sleep").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aForcedCancellationAfterAGracefulOneStopsTheAlwaysStepToo() {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();
        var run = cancelOn("cleaning", cancel, () -> {
                    cancel.cancelGracefully();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cancel.cancel();
                })
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: cleanup
                        if: always()
                        run: echo cleaning; sleep 30; echo cleaned
                """);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(run.step("cleanup").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.output()).doesNotContain("cleaned");
    }

    @Test
    void aGracefulCancellationCanBeForcedAfterwardsButNotTheOtherWayRound() {
        Cancellation c = new Cancellation();
        List<String> calls = new ArrayList<>();
        c.onCancel(() -> calls.add("cancel:" + c.isForced()));
        c.onForced(() -> calls.add("forced"));
        c.cancelGracefully();
        c.cancelGracefully();
        assertThat(c.isCancelled()).isTrue();
        assertThat(c.isForced()).isFalse();
        c.cancel();
        c.cancel();
        c.cancelGracefully();
        assertThat(c.isForced()).isTrue();
        assertThat(calls).containsExactly("cancel:false", "forced");

        Cancellation forcedFirst = new Cancellation();
        List<String> order = new ArrayList<>();
        forcedFirst.onCancel(() -> order.add("cancel"));
        forcedFirst.onForced(() -> order.add("forced"));
        forcedFirst.cancel();
        forcedFirst.onForced(() -> order.add("late"));
        assertThat(order).containsExactly("cancel", "forced", "late");
    }

    @Test
    void aFollowerIsCancelledWithItsParentsStrength() {
        Cancellation parent = new Cancellation();
        Cancellation child = new Cancellation();
        child.follow(parent);
        parent.cancelGracefully();
        assertThat(child.isCancelled()).isTrue();
        assertThat(child.isForced()).isFalse();
        parent.cancel();
        assertThat(child.isForced()).isTrue();

        Cancellation forcedParent = new Cancellation();
        forcedParent.cancel();
        Cancellation late = new Cancellation();
        late.follow(forcedParent);
        assertThat(late.isForced()).isTrue();
    }

    /** A harness that runs {@code action} on a thread of its own when the step prints {@code line}. */
    private Harness cancelOn(String line, Cancellation cancel, Runnable action) {
        return new Harness(dir).cancel(cancel).onLog(l -> {
            if (l.text().equals(line)) {
                Thread.ofVirtual().start(action);
            }
        });
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
