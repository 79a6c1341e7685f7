package dev.slipway.server.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.Assignment;
import dev.slipway.protocol.JobEvent;
import dev.slipway.protocol.Outcome;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.NewRun;
import dev.slipway.server.store.Repo;
import dev.slipway.workflow.TokenPermissions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's lease rules on an embedded database: requeue, stale leases, resends, gaps, cancellation, limits. */
class AgentHubTest {
    private static final Set<String> LINUX = Set.of("linux");
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Database db;
    private Repo repo;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(dir.toString());
        var owner = db.users().create("owner", "owner@example.com", "Owner", "secret-password", false);
        repo = db.repos().create(owner.id(), "project", "", false, "main");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Job job(String key) {
        var run = db.runs()
                .create(NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "CI",
                        "push",
                        "refs/heads/main",
                        "a".repeat(40),
                        "owner",
                        "{}"));
        db.runs().start(run.id());
        return db.jobs().create(new NewJob(run.id(), key, key, List.of("linux"), List.of(), Optional.empty()));
    }

    private static Assignment draft(Job job) {
        return new Assignment(
                job.id(),
                0,
                "",
                job.key(),
                job.name(),
                ".github/workflows/ci.yml",
                "on: push",
                job.key(),
                "{}",
                Map.of("SECRET", "s"),
                List.of("linux"),
                "owner/project",
                "http://x/owner/project.git",
                "http://x",
                "",
                "");
    }

    private CompletableFuture<JobResult> submit(AgentHub hub, Job job, Cancellation cancel) {
        return submit(hub, job, cancel, TokenPermissions.DEFAULT);
    }

    private CompletableFuture<JobResult> submit(
            AgentHub hub, Job job, Cancellation cancel, TokenPermissions permissions) {
        JobListener listener = new JobListener() {
            @Override
            public void stepStarted(StepRef step) {
                seen.add("start " + step.name());
            }

            @Override
            public void log(StepRef step, LogLine line) {
                seen.add(line.kind() + " " + line.text());
            }
        };
        return CompletableFuture.supplyAsync(() -> hub.submit(job, draft(job), permissions, () -> listener, cancel));
    }

    private static JobEvent log(long seq, String text) {
        return new JobEvent(
                seq, JobEvent.Type.LOG, new JobEvent.Step(0, "", "build", false), "OUTPUT", text, "", "", Map.of(), 0);
    }

    private static JobEvent started(long seq) {
        return new JobEvent(
                seq, JobEvent.Type.STEP_STARTED, new JobEvent.Step(0, "", "build", false), "", "", "", "", Map.of(), 0);
    }

    private static Outcome success(long events) {
        return new Outcome("success", Map.of("out", "1"), "", "", List.of(), events);
    }

    @Test
    void anExpiredLeaseIsRequeuedOnceAndItsLateCallsAreRefused() throws Exception {
        var hub = new AgentHub(db, new AgentHub.Settings(Duration.ofSeconds(1), 20), RunMetrics.NONE);
        var job = job("build");
        var result = submit(hub, job, new Cancellation());
        var first = hub.channel("a").next(LINUX, WAIT).orElseThrow();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.secrets()).containsEntry("SECRET", "s");
        hub.append(first.token(), List.of(started(0)));

        Thread.sleep(1_200);
        hub.expire();
        var second = hub.channel("b").next(LINUX, WAIT).orElseThrow();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThatThrownBy(() -> hub.append(first.token(), List.of(log(1, "late"))))
                .isInstanceOf(AgentChannel.LeaseLostException.class);
        assertThatThrownBy(() -> hub.done(first.token(), success(1)))
                .isInstanceOf(AgentChannel.LeaseLostException.class);
        assertThat(db.jobs().find(job.id()).orElseThrow().agent()).contains("b");

        // Events are taken in order exactly once: resent ones are skipped, ones after a gap wait for the gap.
        assertThat(hub.append(second.token(), List.of(started(0), log(1, "one")))
                        .next())
                .isEqualTo(2);
        assertThat(hub.append(second.token(), List.of(log(1, "one"), log(2, "two")))
                        .next())
                .isEqualTo(3);
        assertThat(hub.append(second.token(), List.of(log(4, "four"))).next()).isEqualTo(3);
        assertThatThrownBy(() -> hub.done(second.token(), success(4))).isInstanceOf(AgentChannel.GapException.class);
        hub.done(second.token(), success(3));

        var done = result.get(10, TimeUnit.SECONDS);
        assertThat(done.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(done.outputs()).containsEntry("out", "1");
        assertThat(seen)
                .containsExactly(
                        "start build",
                        "WARNING agent a stopped responding; the job was queued again",
                        "start build",
                        "OUTPUT one",
                        "OUTPUT two");
        assertThatThrownBy(() -> hub.append(second.token(), List.of()))
                .isInstanceOf(AgentChannel.LeaseLostException.class);
    }

    @Test
    void onlyAJobWithIdTokenWriteGetsARequestTokenAndItIsValidWhileTheLeaseLasts() throws Exception {
        var hub = new AgentHub(db, AgentHub.Settings.DEFAULTS, RunMetrics.NONE);
        var plain = submit(hub, job("plain"), new Cancellation());
        var plainLease = hub.channel("a").next(LINUX, WAIT).orElseThrow();
        var asking = job("asking");
        var granted = TokenPermissions.of(Map.of("id-token", TokenPermissions.Access.WRITE));
        var askingResult = submit(hub, asking, new Cancellation(), granted);
        var askingLease = hub.channel("a").next(LINUX, WAIT).orElseThrow();

        // GitHub's permissive default leaves id-token at none
        assertThat(plainLease.idTokenRequestToken()).isEmpty();
        assertThat(askingLease.idTokenRequestToken()).startsWith(Tokens.ID_TOKEN_REQUEST);
        var found = hub.idTokenJob(askingLease.idTokenRequestToken()).orElseThrow();
        assertThat(found.job().jobId()).isEqualTo(asking.id());
        assertThat(found.assignment().repository()).isEqualTo("owner/project");
        // the job token is no request token, nor the other way round
        assertThat(hub.idTokenJob(askingLease.token())).isEmpty();
        assertThat(hub.job(askingLease.idTokenRequestToken())).isEmpty();

        hub.done(askingLease.token(), success(0));
        hub.done(plainLease.token(), success(0));
        assertThat(askingResult.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(plain.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(hub.idTokenJob(askingLease.idTokenRequestToken())).isEmpty();
    }

    @Test
    void aSecondSilenceFailsTheJobWithTheReason() throws Exception {
        var hub = new AgentHub(db, new AgentHub.Settings(Duration.ofSeconds(1), 20), RunMetrics.NONE);
        var result = submit(hub, job("build"), new Cancellation());
        assertThat(hub.channel("a").next(LINUX, WAIT)).isPresent();
        Thread.sleep(1_200);
        hub.expire();
        assertThat(hub.channel("b").next(LINUX, WAIT)).isPresent();
        Thread.sleep(1_200);
        hub.expire();

        var done = result.get(10, TimeUnit.SECONDS);
        assertThat(done.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(done.failure()).hasValueSatisfying(f -> assertThat(f).contains("agent b stopped responding"));
    }

    @Test
    void cancellingAQueuedJobEndsItAndALeasedOneTellsItsAgent() throws Exception {
        var hub = new AgentHub(db, AgentHub.Settings.DEFAULTS, RunMetrics.NONE);
        var queuedCancel = new Cancellation();
        var queued = job("queued");
        var queuedResult = submit(hub, queued, queuedCancel);
        awaitQueued(queued);
        queuedCancel.cancel();
        assertThat(queuedResult.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(db.jobs().find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(hub.channel("a").next(LINUX, Duration.ZERO)).isEmpty();

        var leasedCancel = new Cancellation();
        var leasedResult = submit(hub, job("leased"), leasedCancel);
        var lease = hub.channel("a").next(LINUX, WAIT).orElseThrow();
        var waiting = CompletableFuture.supplyAsync(() -> hub.extendLease(lease.token(), Duration.ofSeconds(5)));
        Thread.sleep(100);
        leasedCancel.cancel();
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isEqualTo(AgentChannel.LeaseState.CANCEL);
        hub.done(lease.token(), new Outcome("cancelled", Map.of(), "The job was cancelled.", "", List.of(), 0));
        assertThat(leasedResult.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aGracefulCancellationReachesTheAgentAsSuchAndAForcedOneAfterIt() throws Exception {
        var hub = new AgentHub(db, AgentHub.Settings.DEFAULTS, RunMetrics.NONE);
        var cancel = new Cancellation();
        var result = submit(hub, job("graceful"), cancel);
        var lease = hub.channel("a").next(LINUX, WAIT).orElseThrow();
        var waiting = CompletableFuture.supplyAsync(() -> hub.extendLease(lease.token(), Duration.ofSeconds(5)));
        Thread.sleep(100);
        cancel.cancelGracefully();
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isEqualTo(AgentChannel.LeaseState.CANCEL_GRACEFULLY);
        assertThat(hub.extendLease(lease.token(), Duration.ofSeconds(5)))
                .isEqualTo(AgentChannel.LeaseState.CANCEL_GRACEFULLY);
        cancel.cancel();
        assertThat(hub.extendLease(lease.token(), Duration.ofSeconds(5))).isEqualTo(AgentChannel.LeaseState.CANCEL);
        hub.done(lease.token(), new Outcome("cancelled", Map.of(), "The job was cancelled.", "", List.of(), 0));
        assertThat(result.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aRepositoryGetsNoMoreThanItsLimitOfAgents() throws Exception {
        var hub = new AgentHub(db, new AgentHub.Settings(Duration.ofSeconds(30), 1), RunMetrics.NONE);
        var one = submit(hub, job("one"), new Cancellation());
        var two = submit(hub, job("two"), new Cancellation());
        var first = hub.channel("a").next(LINUX, WAIT).orElseThrow();
        assertThat(hub.channel("b").next(LINUX, Duration.ofMillis(300))).isEmpty();

        hub.done(first.token(), success(0));
        // The run's recorder completes the row once the orchestrator has the result; then the next job may go.
        db.jobs().complete(first.jobId(), "a", dev.slipway.server.store.Conclusion.SUCCESS, "{}", Optional.empty());
        var second = hub.channel("b").next(LINUX, WAIT).orElseThrow();
        hub.done(second.token(), success(0));
        assertThat(one.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(two.get(10, TimeUnit.SECONDS).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    private void awaitQueued(Job job) throws InterruptedException {
        for (int i = 0; i < 200 && db.jobs().find(job.id()).orElseThrow().status() != JobStatus.QUEUED; i++) {
            Thread.sleep(10);
        }
    }
}
