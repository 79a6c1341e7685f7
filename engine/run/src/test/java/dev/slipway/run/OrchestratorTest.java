package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import dev.slipway.expr.Value;
import dev.slipway.plan.Event;
import dev.slipway.plan.Events;
import dev.slipway.plan.GithubContext;
import dev.slipway.plan.Repo;
import dev.slipway.plan.RunInfo;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-level failure paths, driven through the fake executor: no process is started. */
class OrchestratorTest {
    @TempDir
    Path tmp;

    private RunResult run(FakeExecutor fake, String yaml, Cancellation cancel) {
        return run(fake, yaml, cancel, Map.of());
    }

    private RunResult run(FakeExecutor fake, String yaml, Cancellation cancel, Map<String, ReusedJob> reused) {
        ParseResult<Workflow> parsed = WorkflowParser.parse(".github/workflows/ci.yml", yaml);
        assertThat(parsed.diagnostics()).isEmpty();
        Workflow wf = parsed.value().orElseThrow();
        Repo repo = Repo.of("acme/app", "main", "http://localhost");
        Event ev = Events.push(repo, "refs/heads/main", Events.ZERO_SHA, "a".repeat(40), "dev", List.of(), false);
        RunInfo info = new RunInfo(1, 1, 1, "http://localhost", "", 1);
        Platforms platforms = Platforms.builder()
                .executor(fake)
                .mapAll(List.of("ubuntu-latest"), "fake")
                .build();
        Orchestrator o = new Orchestrator(
                platforms, e -> new JobRunner(e, RuntimeOptions.defaults()), path -> WorkflowParser.parse(path, ""));
        RunRequest req = new RunRequest(
                wf,
                ev,
                info,
                GithubContext.of(wf, ev, info),
                new Value.Obj(Map.of()),
                Map.of(),
                Map.of(),
                tmp,
                tmp.resolve("run"),
                java.util.Set.of(),
                Map.of(),
                8,
                reused);
        return o.run(req, RunListener.NONE, cancel);
    }

    /** Runs {@code yaml} on another thread, so that the test can cancel it meanwhile. */
    private CompletableFuture<RunResult> runAsync(FakeExecutor fake, Cancellation cancel, String yaml) {
        return CompletableFuture.supplyAsync(() -> run(fake, yaml, cancel));
    }

    /** Waits up to 10 s until {@code fake} has started {@code steps} steps. */
    private static void awaitStarted(FakeExecutor fake, int steps) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fake.startedSteps().size() < steps && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Map<String, Conclusion> byName(RunResult r) {
        Map<String, Conclusion> m = new LinkedHashMap<>();
        r.jobs().forEach(f -> m.put(f.job().name(), f.result().conclusion()));
        return m;
    }

    @Test
    void aJobsStatusFunctionsLookAtEveryJobItDependsOnAsOnGithub() {
        // GitHub evaluates a job's success() and failure() over all jobs it depends on, not only its needs
        // (actions/runner#2205): after a skipped job, success() is false and failure() too, however far up
        RunResult r = run(FakeExecutor.builder().build(), """
                on: push
                jobs:
                  a: {if: false, runs-on: ubuntu-latest, steps: [{run: a}]}
                  explicit: {needs: a, if: success(), runs-on: ubuntu-latest, steps: [{run: x}]}
                  not-failed: {needs: a, if: "!failure()", runs-on: ubuntu-latest, steps: [{run: x}]}
                  gate: {needs: a, if: always(), runs-on: ubuntu-latest, steps: [{run: x}]}
                  after-gate: {needs: gate, runs-on: ubuntu-latest, steps: [{run: x}]}
                  after-gate-success: {needs: gate, if: success(), runs-on: ubuntu-latest, steps: [{run: x}]}
                  after-gate-not-cancelled: {needs: gate, if: "!cancelled()", runs-on: ubuntu-latest, steps: [{run: x}]}
                  after-gate-status: {needs: gate, if: "!failure() && !success()", runs-on: ubuntu-latest, steps: [{run: x}]}
                """, new Cancellation());

        assertThat(byName(r))
                .containsEntry("a", Conclusion.SKIPPED)
                .containsEntry("explicit", Conclusion.SKIPPED)
                .containsEntry("not-failed", Conclusion.SUCCESS)
                .containsEntry("gate", Conclusion.SUCCESS)
                .containsEntry("after-gate", Conclusion.SKIPPED)
                .containsEntry("after-gate-success", Conclusion.SKIPPED)
                .containsEntry("after-gate-not-cancelled", Conclusion.SUCCESS)
                .containsEntry("after-gate-status", Conclusion.SUCCESS);
        assertThat(r.jobs().stream()
                        .filter(f -> f.job().name().equals("after-gate"))
                        .findFirst()
                        .orElseThrow()
                        .result()
                        .failure())
                .hasValue("job 'a', which a job it needs depends on, did not succeed");
    }

    @Test
    void reusedJobsAreNotRunAndTheirResultsAndOutputsReachDependents() {
        FakeExecutor fake = FakeExecutor.builder().build();
        RunResult r = run(
                fake,
                """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    outputs: {version: "${{ steps.v.outputs.version }}"}
                    steps: [{id: v, run: make}]
                  test:
                    needs: build
                    if: needs.build.outputs.version == '1.2.3' && needs.build.result == 'success'
                    runs-on: ubuntu-latest
                    steps: [{run: make test}]
                """,
                new Cancellation(),
                Map.of("build", new ReusedJob(Conclusion.SUCCESS, Map.of("version", "1.2.3"))));
        assertThat(byName(r)).containsExactly(Map.entry("test", Conclusion.SUCCESS));
        assertThat(r.conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void reusedMatrixCombinationsAreNotRunWhileTheOthersRun() {
        // which scripts started, read when they start: a finished job's directory, scripts included, is reused
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeExecutor fake = FakeExecutor.builder()
                .onStep(
                        step -> {
                            List.of("make test-1", "make test-2", "make test-3", "report success").stream()
                                    .filter(text -> FakeExecutor.commandContains(step, text))
                                    .forEach(ran::add);
                            return false;
                        },
                        Script.exit(0))
                .build();
        RunResult r = run(
                fake,
                """
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    strategy: {matrix: {n: [1, 2, 3]}}
                    outputs: {last: "${{ steps.v.outputs.n }}"}
                    steps: [{id: v, run: "make test-${{ matrix.n }}"}]
                  report:
                    needs: test
                    runs-on: ubuntu-latest
                    steps: [{run: "report ${{ needs.test.result }}"}]
                """,
                new Cancellation(),
                Map.of(
                        "test (1)", new ReusedJob(Conclusion.SUCCESS, Map.of()),
                        "test (3)", new ReusedJob(Conclusion.SUCCESS, Map.of())));
        assertThat(byName(r))
                .containsExactly(Map.entry("test (2)", Conclusion.SUCCESS), Map.entry("report", Conclusion.SUCCESS));
        assertThat(ran).containsExactly("make test-2", "report success");
        assertThat(r.conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aReusedFailedCombinationFailsItsJob() {
        FakeExecutor fake = FakeExecutor.builder().build();
        RunResult r =
                run(fake, """
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    strategy: {matrix: {n: [1, 2]}}
                    steps: [{run: "make test-${{ matrix.n }}"}]
                  report:
                    needs: test
                    runs-on: ubuntu-latest
                    steps: [{run: report}]
                """, new Cancellation(), Map.of("test (1)", new ReusedJob(Conclusion.FAILURE, Map.of())));
        assertThat(byName(r))
                .containsExactly(Map.entry("test (2)", Conclusion.SUCCESS), Map.entry("report", Conclusion.SKIPPED));
        assertThat(r.conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void aReusedFailureFailsTheRun() {
        FakeExecutor fake = FakeExecutor.builder().build();
        RunResult r = run(fake, """
                on: push
                jobs:
                  lint:
                    runs-on: ubuntu-latest
                    steps: [{run: lint}]
                  build:
                    runs-on: ubuntu-latest
                    steps: [{run: make}]
                """, new Cancellation(), Map.of("lint", new ReusedJob(Conclusion.FAILURE, Map.of())));
        assertThat(byName(r)).containsExactly(Map.entry("build", Conclusion.SUCCESS));
        assertThat(r.conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void executorThatCannotPrepareFailsTheJobWithItsMessage() {
        FakeExecutor fake =
                FakeExecutor.builder().failPrepare("no room on this machine").build();
        RunResult r = run(fake, """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps: [{run: make}]
                """, new Cancellation());
        assertThat(r.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(r.jobs().get(0).result().failure())
                .hasValueSatisfying(m -> assertThat(m).contains("no room"));
    }

    @Test
    void failFastCancelsAHangingSiblingAndStopsItIfItHadStarted() {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("boom", Script.lines("exploding").thenExit(2))
                .onCommandContaining("wait-forever", Script.hang())
                .build();
        RunResult r = run(fake, """
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        cmd: [boom, wait-forever]
                    steps:
                      - run: ${{ matrix.cmd }}
                """, new Cancellation());
        assertThat(byName(r))
                .containsEntry("t (boom)", Conclusion.FAILURE)
                .containsEntry("t (wait-forever)", Conclusion.CANCELLED);
        // The hanging step may be cancelled before or after it started: if it started, it was stopped.
        assertThat(fake.destroyedSteps()).hasSize(fake.startedSteps().size() - 1);
    }

    @Test
    void failFastLetsTheRunningAlwaysStepOfASiblingGoOnUntilTheRunIsCancelledByForce() throws Exception {
        CountDownLatch uploading = new CountDownLatch(1);
        FakeExecutor fake = FakeExecutor.builder()
                .onStep(
                        step -> {
                            if (!FakeExecutor.commandContains(step, "upload")) {
                                return false;
                            }
                            uploading.countDown();
                            return true;
                        },
                        Script.hang())
                .onStep(
                        step -> {
                            if (!FakeExecutor.commandContains(step, "boom")) {
                                return false;
                            }
                            try { // fails only once its sibling's step is running
                                return uploading.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        },
                        Script.exit(2))
                .build();
        Cancellation cancel = new Cancellation();
        CompletableFuture<RunResult> f = runAsync(fake, cancel, """
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        cmd: [boom, upload]
                    steps:
                      - if: always()
                        run: ${{ matrix.cmd }}
                """);
        assertThat(uploading.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // boom has failed and fail-fast cancelled the matrix; the always() step must still run
        assertThat(fake.destroyedSteps()).isEmpty();
        assertThat(f).isNotDone();
        cancel.cancel();
        RunResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(byName(r))
                .containsEntry("t (boom)", Conclusion.FAILURE)
                .containsEntry("t (upload)", Conclusion.CANCELLED);
        assertThat(fake.destroyedSteps()).hasSize(1);
    }

    @Test
    void aGracefulCancellationOfTheRunLeavesARunningAlwaysJobAloneAsOnGitHub() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("build-forever", Script.hang())
                .onCommandContaining("teardown-forever", Script.hang())
                .build();
        Cancellation cancel = new Cancellation();
        CompletableFuture<RunResult> f = runAsync(fake, cancel, """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps: [{run: build-forever}]
                  teardown:
                    if: always()
                    runs-on: ubuntu-latest
                    steps: [{run: teardown-forever}]
                """);
        awaitStarted(fake, 2);
        cancel.cancelGracefully();
        Thread.sleep(300);
        // build's plain step stopped; teardown's plain step goes on: its job's if holds for a cancelled run
        assertThat(fake.destroyedSteps()).hasSize(1);
        assertThat(f).isNotDone();
        cancel.cancel();
        RunResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(byName(r))
                .containsEntry("build", Conclusion.CANCELLED)
                .containsEntry("teardown", Conclusion.CANCELLED);
        assertThat(fake.destroyedSteps()).hasSize(2);
    }

    @Test
    void cancellingTheRunCancelsRunningJobsAndSkipsTheRest() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("wait-forever", Script.hang())
                .build();
        Cancellation cancel = new Cancellation();
        CompletableFuture<RunResult> f = runAsync(fake, cancel, """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps: [{run: wait-forever}]
                  b:
                    needs: a
                    runs-on: ubuntu-latest
                    steps: [{run: echo later}]
                  c:
                    needs: a
                    if: always()
                    runs-on: ubuntu-latest
                    steps: [{run: echo cleanup}]
                """);
        awaitStarted(fake, 1);
        cancel.cancel();
        RunResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(byName(r))
                .containsEntry("a", Conclusion.CANCELLED)
                .containsEntry("b", Conclusion.CANCELLED)
                .containsEntry("c", Conclusion.SUCCESS);
    }

    @Test
    void newerJobInAConcurrencyGroupWithCancelInProgressCancelsTheRunningOne() {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("wait-forever", Script.hang())
                .build();
        RunResult r = run(fake, """
                on: push
                jobs:
                  old:
                    runs-on: ubuntu-latest
                    concurrency: {group: deploy, cancel-in-progress: true}
                    steps: [{run: wait-forever}]
                  new:
                    runs-on: ubuntu-latest
                    needs: []
                    concurrency: {group: deploy, cancel-in-progress: true}
                    steps: [{run: sleep-short}]
                  gate:
                    runs-on: ubuntu-latest
                    steps: [{run: echo gate}]
                """.replace("needs: []", "needs: gate"), new Cancellation());
        assertThat(byName(r)).containsEntry("old", Conclusion.CANCELLED).containsEntry("new", Conclusion.SUCCESS);
    }

    @Test
    void matrixOverTheLimitFailsTheJobWithThePosition() {
        FakeExecutor fake = FakeExecutor.builder().build();
        RunResult r = run(fake, """
                on: push
                jobs:
                  gen:
                    runs-on: ubuntu-latest
                    outputs:
                      list: ${{ steps.s.outputs.list }}
                    steps:
                      - id: s
                        run: produce
                  big:
                    needs: gen
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        a: ${{ fromJSON('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]') }}
                        b: ${{ fromJSON('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]') }}
                    steps: [{run: echo}]
                """, new Cancellation());
        assertThat(byName(r)).containsEntry("big", Conclusion.FAILURE);
        assertThat(r.jobs().stream()
                        .filter(j -> j.job().jobId().equals("big"))
                        .findFirst()
                        .orElseThrow()
                        .result()
                        .failure())
                .hasValueSatisfying(
                        m -> assertThat(m).contains(".github/workflows/ci.yml:").contains("256"));
    }
}
