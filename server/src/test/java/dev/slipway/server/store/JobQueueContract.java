package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

abstract class JobQueueContract extends StoreContract {
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Test
    void agentGetsAJobOnlyWhenItHasAllItsLabelsIgnoringCase() {
        var run = run(repo());
        var job = queued(run, "build", List.of("Linux", "x64"));
        assertThat(db.queue().claim("a1", Set.of("linux"), LEASE)).isEmpty();
        assertThat(db.queue().claim("a1", Set.of(), LEASE)).isEmpty();
        var claimed =
                db.queue().claim("a1", Set.of("LINUX", "X64", "gpu"), LEASE).orElseThrow();
        assertThat(claimed.id()).isEqualTo(job.id());
        assertThat(claimed)
                .extracting(Job::status, Job::agent, Job::leaseUntil, Job::started)
                .containsExactly(
                        JobStatus.IN_PROGRESS,
                        Optional.of("a1"),
                        Optional.of(clock.instant().plus(LEASE)),
                        Optional.of(clock.instant()));
        assertThat(db.runs().find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(db.queue().size()).isZero();
        assertThat(db.queue().claim("a2", Set.of("linux", "x64"), LEASE)).isEmpty();
    }

    @Test
    void aJobWithoutLabelsSuitsEveryAgent() {
        var job = queued(run(repo()), "any", List.of());
        assertThat(db.queue().claim("a1", Set.of(), LEASE)).map(Job::id).contains(job.id());
    }

    @Test
    void enqueuesOnlyWaitingJobsAndHidesThemUntilVisible() {
        var job = job(run(repo()), "later", List.of());
        assertThat(db.queue().enqueue(job.id(), clock.instant().plusSeconds(30)))
                .isTrue();
        assertThat(db.queue().enqueue(job.id())).isFalse();
        assertThat(db.queue().size()).isEqualTo(1);
        assertThat(db.queue().claim("a1", Set.of(), LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(db.queue().claim("a1", Set.of(), LEASE)).map(Job::id).contains(job.id());
    }

    @Test
    void oldestFirstButTheRepositoryWithFewerRunningJobsGoesAhead() {
        var owner = user("owner");
        var busy = run(repo(owner, "busy"));
        var quiet = run(repo(owner, "quiet"));
        var b1 = queued(busy, "b1", List.of());
        clock.advance(Duration.ofSeconds(1));
        var b2 = queued(busy, "b2", List.of());
        clock.advance(Duration.ofSeconds(1));
        var q1 = queued(quiet, "q1", List.of());
        assertThat(claimId("a1")).isEqualTo(b1.id());
        assertThat(claimId("a2")).isEqualTo(q1.id());
        assertThat(claimId("a3")).isEqualTo(b2.id());
        assertThat(claimId("a4")).isEqualTo(-1);
    }

    @Test
    void twoAgentsClaimEveryOneOfAHundredJobsExactlyOnce() throws Exception {
        var run = run(repo());
        var jobs = new ArrayList<Long>();
        for (int i = 0; i < 100; i++) {
            jobs.add(queued(run, "job-" + i, List.of("linux")).id());
        }
        Map<Long, String> claims = new ConcurrentHashMap<>();
        var duplicates = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(2);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (var agent : List.of("agent-1", "agent-2")) {
                tasks.add(() -> {
                    for (int i = 0; i < 150; i++) {
                        var job = db.queue().claim(agent, Set.of("linux"), LEASE);
                        if (job.isEmpty()) {
                            if (db.queue().size() == 0) {
                                return null;
                            }
                            continue;
                        }
                        if (claims.putIfAbsent(job.get().id(), agent) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks, 3, TimeUnit.MINUTES)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(jobs);
        assertThat(db.queue().size()).isZero();
        for (var entry : claims.entrySet()) {
            assertThat(db.jobs().find(entry.getKey()).orElseThrow().agent()).contains(entry.getValue());
        }
    }

    @Test
    void heartbeatsKeepTheLeaseOnlyForItsHolder() {
        var job = queued(run(repo()), "build", List.of());
        assertThat(db.queue().claim("a1", Set.of(), LEASE)).isPresent();
        clock.advance(Duration.ofSeconds(50));
        assertThat(db.queue().heartbeat(job.id(), "a2", LEASE)).isFalse();
        assertThat(db.queue().heartbeat(job.id(), "a1", LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThat(db.queue().expireLeases(2)).isEmpty();
        assertThat(db.jobs().find(job.id()).orElseThrow().leaseUntil())
                .contains(clock.instant().minusSeconds(50).plus(LEASE));
    }

    @Test
    void anExpiredLeaseRequeuesTheJobOnceThenFailsIt() {
        var job = queued(run(repo()), "build", List.of("linux"));
        assertThat(db.queue().claim("a1", Set.of("linux"), LEASE)).isPresent();
        db.steps().create(job.id(), List.of("one", "two"));
        db.steps().start(job.id(), 0, "log");
        clock.advance(LEASE.plusSeconds(1));

        assertThat(db.queue().expireLeases(2)).containsExactly(new JobOutcome(job.id(), JobOutcome.Kind.REQUEUED));
        var requeued = db.jobs().find(job.id()).orElseThrow();
        assertThat(requeued)
                .extracting(Job::status, Job::attempt, Job::agent, Job::leaseUntil)
                .containsExactly(JobStatus.QUEUED, 2, Optional.empty(), Optional.empty());
        assertThat(db.steps().list(job.id())).isEmpty();
        assertThat(db.queue().heartbeat(job.id(), "a1", LEASE)).isFalse();
        assertThat(db.jobs().complete(job.id(), "a1", Conclusion.SUCCESS, "{}", Optional.empty()))
                .isFalse();
        assertThat(db.queue().expireLeases(2)).isEmpty();

        assertThat(db.queue().claim("a2", Set.of("linux"), LEASE))
                .map(Job::attempt)
                .contains(2);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(db.queue().expireLeases(2)).containsExactly(new JobOutcome(job.id(), JobOutcome.Kind.FAILED));
        var failed = db.jobs().find(job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(failed.conclusion()).contains(Conclusion.FAILURE);
        assertThat(failed.failureMessage())
                .hasValueSatisfying(
                        m -> assertThat(m).startsWith("lease expired").contains("a2"));
        assertThat(db.queue().size()).isZero();
        assertThat(db.queue().expireLeases(2)).isEmpty();
    }

    @Test
    void recoveryAfterACrashFailsEveryJobInProgress() {
        var run = run(repo());
        var running = queued(run, "running", List.of());
        assertThat(db.queue().claim("in-process", Set.of(), LEASE)).isPresent();
        db.steps().create(running.id(), List.of("done", "busy", "next"));
        db.steps().start(running.id(), 0, "l0");
        db.steps().complete(running.id(), 0, Conclusion.SUCCESS);
        db.steps().start(running.id(), 1, "l1");
        var waiting = queued(run, "waiting", List.of());

        assertThat(db.queue().recover(RecoveryPolicy.FAIL, 3))
                .containsExactly(new JobOutcome(running.id(), JobOutcome.Kind.FAILED));
        var failed = db.jobs().find(running.id()).orElseThrow();
        assertThat(failed.failureMessage()).contains("server restarted");
        assertThat(failed.conclusion()).contains(Conclusion.FAILURE);
        assertThat(db.steps().list(running.id()))
                .extracting(Step::conclusion)
                .containsExactly(
                        Optional.of(Conclusion.SUCCESS),
                        Optional.of(Conclusion.FAILURE),
                        Optional.of(Conclusion.SKIPPED));
        assertThat(db.jobs().find(waiting.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(db.queue().recover(RecoveryPolicy.FAIL, 3)).isEmpty();
    }

    @Test
    void recoveryCanRequeueJobsThatHaveAttemptsLeft() {
        var run = run(repo());
        var fresh = queued(run, "fresh", List.of("a"));
        var tired = queued(run, "tired", List.of("b"));
        assertThat(db.queue().claim("x", Set.of("b"), LEASE)).isPresent();
        clock.advance(LEASE.plusSeconds(1));
        db.queue().expireLeases(2);
        assertThat(db.queue().claim("x", Set.of("b"), LEASE)).isPresent();
        assertThat(db.queue().claim("x", Set.of("a"), LEASE)).isPresent();

        assertThat(db.queue().recover(RecoveryPolicy.REQUEUE, 2))
                .containsExactly(
                        new JobOutcome(fresh.id(), JobOutcome.Kind.REQUEUED),
                        new JobOutcome(tired.id(), JobOutcome.Kind.FAILED));
        assertThat(db.queue().claim("y", Set.of("a"), LEASE)).map(Job::attempt).contains(2);
        assertThat(db.jobs().find(tired.id()).orElseThrow().failureMessage()).contains("server restarted");
    }

    @Test
    void cancellingTakesAJobOutOfTheQueueOrFromItsAgent() {
        var run = run(repo());
        var queued = queued(run, "q", List.of());
        var running = queued(run, "r", List.of("x"));
        assertThat(db.queue().claim("a1", Set.of("x"), LEASE)).isPresent();
        assertThat(db.queue().cancel(queued.id())).isTrue();
        assertThat(db.queue().cancel(running.id())).isTrue();
        assertThat(db.queue().cancel(running.id())).isFalse();
        assertThat(db.queue().size()).isZero();
        assertThat(db.queue().heartbeat(running.id(), "a1", LEASE)).isFalse();
        assertThat(db.jobs().find(queued.id()).orElseThrow().conclusion()).contains(Conclusion.CANCELLED);
    }

    private Job queued(Run run, String key, List<String> labels) {
        var job = job(run, key, labels);
        assertThat(db.queue().enqueue(job.id())).isTrue();
        return job;
    }

    private long claimId(String agent) {
        return db.queue().claim(agent, Set.of(), LEASE).map(Job::id).orElse(-1L);
    }
}
