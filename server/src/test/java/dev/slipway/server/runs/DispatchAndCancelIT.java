package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.UserError;
import dev.slipway.server.store.CommitStatus;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.StatusState;
import dev.slipway.server.store.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchAndCancelIT {
    private static final String HELLO = """
            name: Hello
            on:
              workflow_dispatch:
                inputs:
                  greeting:
                    required: true
                  loud:
                    type: boolean
                    default: false
            jobs:
              hello:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ inputs.greeting }} loud=${{ inputs.loud }} event=${{ github.event_name }}"
            """;
    private static final String SLOW = """
            name: Slow
            on: push
            jobs:
              slow:
                runs-on: ubuntu-latest
                steps:
                  - run: sleep 60
                  - run: echo after the sleep
            """;

    @TempDir
    Path tmp;

    private Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void dispatchRunsTheWorkflowWithTypedInputs() throws Exception {
        f.commit(".github/workflows/hello.yml", HELLO);
        f.publish();
        f.service.start();

        var queued = f.service.dispatch(
                "alice", "app", "hello.yml", "main", Map.of("greeting", "hi", "loud", "true"), f.alice);
        var run = f.awaitCompleted(queued.id());

        assertThat(run.conclusion()).contains(Conclusion.SUCCESS);
        assertThat(run.event()).isEqualTo("workflow_dispatch");
        assertThat(run.ref()).isEqualTo("refs/heads/main");
        assertThat(run.workflowPath()).isEqualTo(".github/workflows/hello.yml");
        var job = f.jobs(run.id()).getFirst();
        assertThat(f.log(job)).contains("hi loud=true event=workflow_dispatch");
    }

    @Test
    void dispatchRefusesWorkflowsWithoutTheTriggerAndBadInputs() {
        f.commit(".github/workflows/hello.yml", HELLO, ".github/workflows/slow.yml", SLOW);
        f.publish();

        assertThatThrownBy(() -> f.service.dispatch("alice", "app", "slow.yml", "main", Map.of(), f.alice))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not have a workflow_dispatch trigger");
        assertThatThrownBy(() -> f.service.dispatch("alice", "app", "hello.yml", "main", Map.of(), f.alice))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("input 'greeting' is required");
        assertThatThrownBy(() -> f.service.dispatch(
                        "alice", "app", "hello.yml", "main", Map.of("greeting", "hi", "loud", "maybe"), f.alice))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("loud");
        assertThatThrownBy(() -> f.service.dispatch("alice", "app", "hello.yml", "nope", Map.of(), f.alice))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no branch or tag 'nope'");
        assertThat(f.runs()).isEmpty();
    }

    @Test
    void cancelStopsARunningStep() throws Exception {
        f.service.start();
        f.pushNew("refs/heads/main", f.commit(".github/workflows/slow.yml", SLOW));
        var run = f.onlyRun();
        var job = Fixture.await(() -> f.jobs(run.id()).getFirst(), j -> j.status() == JobStatus.IN_PROGRESS);
        Fixture.await(
                () -> f.db.steps().list(job.id()),
                steps -> !steps.isEmpty() && steps.getFirst().status() == StepStatus.IN_PROGRESS);

        f.service.cancel(run.id());

        var done = f.awaitCompleted(run.id());
        assertThat(done.conclusion()).contains(Conclusion.CANCELLED);
        var ended = f.jobs(run.id()).getFirst();
        assertThat(ended.conclusion()).contains(Conclusion.CANCELLED);
        assertThat(ended.failureMessage()).contains("The run was cancelled");
        assertThat(f.db.steps().list(job.id()))
                .extracting(s -> s.conclusion())
                .containsExactly(Optional.of(Conclusion.CANCELLED), Optional.of(Conclusion.SKIPPED));
        assertThat(f.log(ended).lines()).contains("[command]sleep 60").doesNotContain("after the sleep");
        assertThat(f.db.statuses().list(f.repo.id(), run.sha(), Page.first(10)))
                .first()
                .extracting(CommitStatus::state)
                .isEqualTo(StatusState.ERROR);
    }

    private static final String CLEANUP = """
            name: Cleanup
            on: push
            jobs:
              clean:
                runs-on: ubuntu-latest
                steps:
                  - if: always()
                    run: sleep SECONDS; echo cleaned
                  - run: echo after
                  - if: cancelled()
                    run: echo reported
            """;

    /** A run of {@link #CLEANUP} whose first step sleeps {@code seconds}, once that step runs. */
    private Run cleanupRunning(int seconds) {
        f.service.start();
        f.pushNew(
                "refs/heads/main",
                f.commit(".github/workflows/clean.yml", CLEANUP.replace("SECONDS", Integer.toString(seconds))));
        var run = f.onlyRun();
        awaitFirstStepRunning(run.id());
        return run;
    }

    @Test
    void cancelLetsARunningAlwaysStepFinishAsOnGitHub() throws Exception {
        var run = cleanupRunning(2);
        f.service.cancel(run.id());
        assertThat(f.awaitCompleted(run.id()).conclusion()).contains(Conclusion.CANCELLED);
        var job = f.jobs(run.id()).getFirst();
        assertThat(f.db.steps().list(job.id()))
                .extracting(s -> s.conclusion())
                .containsExactly(
                        Optional.of(Conclusion.SUCCESS),
                        Optional.of(Conclusion.SKIPPED),
                        Optional.of(Conclusion.SUCCESS));
        assertThat(f.log(job).lines()).contains("cleaned", "reported").doesNotContain("[command]echo after");
    }

    @Test
    void forceCancelStopsTheRunningAlwaysStepToo() throws Exception {
        var run = cleanupRunning(60);
        f.service.cancel(run.id());
        Thread.sleep(300); // the always() step goes on after the plain cancel
        assertThat(f.db.runs().find(run.id()).orElseThrow().status()).isNotEqualTo(RunStatus.COMPLETED);
        f.service.forceCancel(run.id());
        assertThat(f.awaitCompleted(run.id()).conclusion()).contains(Conclusion.CANCELLED);
        var job = f.jobs(run.id()).getFirst();
        assertThat(f.db.steps().list(job.id()).getFirst().conclusion()).contains(Conclusion.CANCELLED);
        assertThat(f.log(job).lines()).doesNotContain("cleaned");
    }

    private void awaitFirstStepRunning(long runId) {
        var job = Fixture.await(() -> f.jobs(runId).getFirst(), j -> j.status() == JobStatus.IN_PROGRESS);
        Fixture.await(
                () -> f.db.steps().list(job.id()),
                steps -> !steps.isEmpty() && steps.getFirst().status() == StepStatus.IN_PROGRESS);
    }

    @Test
    void aSecondCancelForcesTheRun() throws Exception {
        var run = cleanupRunning(60);
        f.service.cancel(run.id());
        Thread.sleep(300);
        f.service.cancel(run.id());
        assertThat(f.awaitCompleted(run.id()).conclusion()).contains(Conclusion.CANCELLED);
        var job = f.jobs(run.id()).getFirst();
        assertThat(f.db.steps().list(job.id()).getFirst().conclusion()).contains(Conclusion.CANCELLED);
    }

    @Test
    void stopCancelsTheRunningRunsAsServerStopped() {
        f.service.start();
        f.pushNew("refs/heads/main", f.commit(".github/workflows/slow.yml", SLOW));
        var run = f.onlyRun();
        var job = Fixture.await(() -> f.jobs(run.id()).getFirst(), j -> j.status() == JobStatus.IN_PROGRESS);

        f.service.stop(Duration.ZERO);

        var done = f.db.runs().find(run.id()).orElseThrow();
        assertThat(done.conclusion()).contains(Conclusion.CANCELLED);
        assertThat(f.db.jobs().find(job.id()).orElseThrow().failureMessage()).contains("server stopped");
    }

    @Test
    void stopLetsARunningRunFinishWithinTheDrainTime() throws Exception {
        f.service.start();
        f.pushNew("refs/heads/main", f.commit(".github/workflows/short.yml", """
                name: Short
                on: push
                jobs:
                  short:
                    runs-on: ubuntu-latest
                    steps:
                      - run: sleep 2
                      - run: echo drained
                """));
        var run = f.onlyRun();
        Fixture.await(() -> f.jobs(run.id()).getFirst(), j -> j.status() == JobStatus.IN_PROGRESS);

        f.service.stop(Duration.ofMinutes(2)); // returns once the run has ended, well before the limit

        var done = f.db.runs().find(run.id()).orElseThrow();
        assertThat(done.conclusion()).contains(Conclusion.SUCCESS);
        assertThat(f.log(f.jobs(run.id()).getFirst())).contains("drained");
    }

    @Test
    void cancelOfAQueuedRunEndsItWithoutRunningIt() {
        f.pushNew("refs/heads/main", f.commit(".github/workflows/slow.yml", SLOW));
        var run = f.onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);

        f.service.cancel(run.id());
        f.service.start();

        var after = f.db.runs().find(run.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(after.conclusion()).contains(Conclusion.CANCELLED);
        assertThat(f.jobs(run.id())).extracting(Job::conclusion).containsExactly(Optional.of(Conclusion.CANCELLED));
        assertThat(f.service.logFile(f.jobs(run.id()).getFirst().id())).isEmpty();
    }
}
