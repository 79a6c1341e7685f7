package dev.slipway.server.environments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.JobEnvironment;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.DeploymentGate;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.NewRun;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's wait timer on an embedded database with a clock the test moves: the job goes on once it has run out. */
class GatekeeperTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    private Database db;
    private Run run;
    private Job job;

    @BeforeEach
    void open() {
        db = Database.open(dir.toString(), clock);
        var owner = db.users().create("ada", "ada@example.com", "Ada", "secret-password-1", false);
        var repo = db.repos().create(owner.id(), "app", "", false, "main");
        run = db.runs()
                .create(NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "CI",
                        "push",
                        "refs/heads/main",
                        "a".repeat(40),
                        "ada",
                        "{}"));
        job = db.jobs().create(new NewJob(run.id(), "deploy", "deploy", List.of(), List.of(), Optional.empty()));
        db.environments()
                .put(repo.id(), "production", new Environment.Rules(2, false, List.of(), Environment.BranchPolicy.ALL));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aJobWaitsForTheWaitTimerAndGoesOnOnceItsMinutesHavePassed() throws Exception {
        var gatekeeper = new Gatekeeper(db, SecretBox.of(new byte[32]), clock);
        var admission = CompletableFuture.supplyAsync(() -> gatekeeper.admit(
                run,
                job,
                new JobEnvironment("production", Optional.empty(), true),
                "http://runs/1",
                new Cancellation(),
                () -> false));
        awaitGate();
        assertThat(db.gates().find(job.id()).orElseThrow().state()).isEqualTo(DeploymentGate.State.APPROVED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(db.gates().anyWaiting(run.id())).isTrue();
        assertThat(admission)
                .isNotDone(); // one minute of two: it cannot have gone on, however the threads were scheduled
        clock.advance(Duration.ofMinutes(1));
        var admitted = admission.get(1, TimeUnit.MINUTES);
        assertThat(admitted).isInstanceOf(Gatekeeper.Admission.Admitted.class);
        assertThat(db.gates().find(job.id()).orElseThrow().state()).isEqualTo(DeploymentGate.State.PASSED);
        var deployment = db.deployments().forJob(job.id()).orElseThrow();
        assertThat(db.deployments().statuses(deployment.id()))
                .extracting(Deployment.Status::state)
                .containsExactly("queued");
    }

    @Test
    void aCancelWhileTheTimerRunsRefusesTheJobAsCancelledAndEndsItsDeployment() throws Exception {
        var gatekeeper = new Gatekeeper(db, SecretBox.of(new byte[32]), clock);
        var cancel = new Cancellation();
        var admission = CompletableFuture.supplyAsync(() -> gatekeeper.admit(
                run, job, new JobEnvironment("production", Optional.empty(), true), "", cancel, () -> false));
        awaitGate();
        cancel.cancelGracefully();
        assertThat(admission.get(1, TimeUnit.MINUTES))
                .isEqualTo(new Gatekeeper.Admission.Refused(
                        true, "The run was cancelled while the job waited for environment production"));
        var deployment = db.deployments().forJob(job.id()).orElseThrow();
        assertThat(db.deployments().latestStatus(deployment.id()).orElseThrow().state())
                .isEqualTo("error");
    }

    /** Waits (bounded) until the job has come to its gate. */
    private void awaitGate() throws InterruptedException {
        for (int i = 0; i < 600 && db.gates().find(job.id()).isEmpty(); i++) {
            Thread.sleep(100);
        }
    }
}
