package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub's background steps ({@code background}, {@code wait}, {@code wait-all}, {@code cancel}, {@code parallel}) on
 * the host executor, against the semantics of GitHub's workflow syntax reference (June 2026). Steps that must overlap
 * wait for each other's files, bounded in time, so a run one after another fails instead of passing by luck.
 */
class BackgroundStepsTest {
    @TempDir
    Path dir;

    /** Waits (up to 20 s) for the file {@code $1} in the workspace; fails when it never comes. */
    private static final String AWAIT =
            "awaitf() { for i in $(seq 400); do [ -e \"$1\" ] && return 0; sleep 0.05; done;"
                    + " echo \"gave up waiting for $1\"; return 1; }; ";

    @Test
    void aBackgroundStepRunsBesideTheNextStepsAndItsResultsArriveAtTheWait() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bg
                        name: Server
                        background: true
                        run: |
                          %s awaitf started
                          echo "value=42" >> "$GITHUB_OUTPUT"
                          echo "FROM_BG=yes" >> "$GITHUB_ENV"
                          mkdir -p "$RUNNER_TEMP/bgbin" && echo "$RUNNER_TEMP/bgbin" >> "$GITHUB_PATH"
                          echo "### from the background" >> "$GITHUB_STEP_SUMMARY"
                      - name: Foreground
                        run: |
                          touch started
                          echo "before: [${{ steps.bg.outputs.value }}] [${FROM_BG:-}] [${{ steps.bg.outcome }}]"
                      - name: Wait for it
                        wait: bg
                      - name: After
                        run: |
                          echo "after: [${{ steps.bg.outputs.value }}] [$FROM_BG] [${{ steps.bg.outcome }}]"
                          case ":$PATH:" in *"/bgbin:"*) echo "path: yes";; esac
                """.formatted(AWAIT));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("before: [] [] []", "after: [42] [yes] [success]", "path: yes");
        assertThat(run.output()).contains("Waiting for background step(s) to complete: Server", "  Server: success");
        assertThat(run.result().summaryMarkdown()).contains("### from the background");
        // the results keep the steps' order, the background step's at its place
        assertThat(run.result().steps().stream().map(StepResult::name).toList())
                .containsSubsequence("Server", "Foreground", "Wait for it", "After");
    }

    @Test
    void aFailedBackgroundStepFailsTheWaitAndTheJobButNotTheStepsBeforeIt() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bg
                        background: true
                        run: exit 3
                      - id: meanwhile
                        run: sleep 0.2; echo "still fine"
                      - id: w
                        wait: bg
                      - id: skipped
                        run: echo no
                      - id: cleanup
                        if: failure()
                        run: echo "cleanup sees [${{ steps.bg.outcome }}] [${{ steps.w.outcome }}]"
                """);
        assertThat(run.step("meanwhile").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("bg").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("w").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("skipped").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.output()).contains("cleanup sees [failure] [failure]");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void continueOnErrorOnTheWaitLetsLaterStepsRunButTheJobStillFails() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bg
                        background: true
                        run: exit 1
                      - id: w
                        wait-all:
                        continue-on-error: true
                      - id: next
                        run: echo next
                """);
        assertThat(run.step("w").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("w").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void continueOnErrorOnTheBackgroundStepKeepsTheWaitAndTheJobGreen() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bg
                        background: true
                        continue-on-error: true
                        run: exit 1
                      - wait: bg
                      - run: echo "bg [${{ steps.bg.outcome }}] [${{ steps.bg.conclusion }}]"
                """);
        assertThat(run.output()).contains("bg [failure] [success]");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void cancelStopsABackgroundStepWithSigtermAndTheJobSucceeds() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: monitor
                        background: true
                        run: |
                          trap 'echo "monitor got TERM"; exit 143' TERM
                          touch monitoring
                          sleep 60 & wait
                      - run: %s awaitf monitoring && echo "main task done"
                      - id: stop
                        cancel: monitor
                      - run: echo "monitor [${{ steps.monitor.outcome }}] [${{ steps.monitor.conclusion }}]"
                """.formatted(AWAIT));
        assertThat(run.all())
                .contains("OUTPUT main task done", "OUTPUT monitor got TERM", "OUTPUT monitor [cancelled] [cancelled]");
        assertThat(run.step("monitor").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("stop").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void parallelRunsItsStepsAtOnceThenWaitsForAllOfThem() throws Exception {
        String member = "touch %1$s; %2$s awaitf a && awaitf b && awaitf c && echo \"out=%1$s\" >> \"$GITHUB_OUTPUT\"";
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - parallel:
                          - id: a
                            run: %s
                          - id: b
                            run: %s
                          - name: C
                            run: %s
                      - run: echo "outputs [${{ steps.a.outputs.out }}] [${{ steps.b.outputs.out }}]"
                """.formatted(
                        member.formatted("a", AWAIT), member.formatted("b", AWAIT), member.formatted("c", AWAIT)));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("outputs [a] [b]");
        assertThat(run.step("Wait for the parallel steps").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(Files.exists(dir.resolve("ws/c"))).isTrue();
    }

    @Test
    void atMostTenBackgroundStepsRunAtOnce() {
        StringBuilder steps = new StringBuilder();
        String body = "mkdir -p ../running && touch ../running/$N && ls ../running | wc -l > ../count-$N;"
                + " sleep 0.3; rm ../running/$N";
        for (int i = 1; i <= 12; i++) {
            steps.append("      - background: true\n        env: {N: '")
                    .append(i)
                    .append("'}\n        run: '")
                    .append(body)
                    .append("'\n");
        }
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                %s      - wait-all:
                      - run: cat ../count-* | sort -n | tail -1 | sed 's/^/most at once=/'
                """.formatted(steps));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        String most = run.output().stream()
                .filter(l -> l.startsWith("most at once="))
                .findFirst()
                .orElseThrow();
        assertThat(Integer.parseInt(most.substring("most at once=".length()).strip()))
                .isBetween(1, BackgroundSteps.MAX_RUNNING);
        assertThat(run.result().steps().stream().filter(s -> s.conclusion() == Conclusion.SUCCESS))
                .hasSize(14);
    }

    @Test
    void backgroundStepsNobodyWaitedForAreWaitedForBeforeThePostSteps() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: late
                        background: true
                        run: sleep 0.3; echo "late=done" >> "$GITHUB_OUTPUT"; exit 2
                      - run: echo quick
                """);
        assertThat(run.step("late").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.recorder().events)
                .contains("finish Run sleep 0.3; echo \"late=done\" >> \"$GITHUB_OUTPUT\"; exit 2 failure");
    }

    @Test
    void aGracefulCancellationStopsTheBackgroundStepsToo() {
        Cancellation cancel = new Cancellation();
        var run = new Harness(dir)
                .cancel(cancel)
                .onLog(line -> {
                    if (line.text().equals("serving")) {
                        Thread.ofPlatform().start(cancel::cancelGracefully);
                    }
                })
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: server
                        background: true
                        run: echo serving; sleep 60
                      - id: w
                        wait: server
                      - id: after
                        if: always()
                        run: echo "server [${{ steps.server.outcome }}]"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.step("server").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.output()).contains("server [cancelled]");
    }

    @Test
    void theDirectoriesAStepPutInFrontOfGithubPathAreFoundFromTheListsBeforeAndAfter() {
        assertThat(BackgroundSteps.added(List.of("/a", "/b"), List.of("/c", "/a", "/b")))
                .containsExactly("/c");
        assertThat(BackgroundSteps.added(List.of("/a", "/b"), List.of("/b", "/d", "/a")))
                .containsExactly("/b", "/d");
        assertThat(BackgroundSteps.added(List.of("/a"), List.of("/a"))).isEmpty();
        assertThat(BackgroundSteps.added(List.of(), List.of("/x", "/y"))).containsExactly("/x", "/y");
    }
}
