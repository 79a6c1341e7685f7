package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

abstract class JobsContract extends StoreContract {

    @Test
    void createsWaitingJobsOfTheRunsCurrentAttempt() {
        var run = run(repo());
        var build = db.jobs()
                .create(new NewJob(
                        run.id(),
                        "build (21)",
                        "build (21)",
                        List.of("linux", "x64"),
                        List.of(),
                        Optional.of("{\"java\":21}")));
        var test = db.jobs()
                .create(new NewJob(run.id(), "test", "Test", List.of(), List.of("build (21)"), Optional.empty()));
        assertThat(build)
                .extracting(Job::status, Job::runsOn, Job::matrix, Job::attempt, Job::runAttempt, Job::repoId)
                .containsExactly(
                        JobStatus.WAITING, List.of("linux", "x64"), Optional.of("{\"java\":21}"), 1, 1, run.repoId());
        assertThat(test.needs()).containsExactly("build (21)");
        assertThat(test.runsOn()).isEmpty();
        assertThat(db.jobs().listForRun(run.id())).containsExactly(build, test);
        assertThat(db.jobs().listByStatus(JobStatus.WAITING, Page.first(10))).containsExactly(build, test);
    }

    @Test
    void reRunsGetTheirOwnJobs() {
        var run = run(repo());
        job(run, "build", List.of());
        db.runs().complete(run.id(), Conclusion.FAILURE);
        db.runs().rerun(run.id());
        var again = job(run, "build", List.of());
        assertThat(again.runAttempt()).isEqualTo(2);
        assertThat(db.jobs().listForRun(run.id())).containsExactly(again);
        assertThatThrownBy(() -> job(run, "build", List.of()))
                .isInstanceOf(StoreException.class)
                .hasMessage("run " + run.id() + " has a job 'build' already");
    }

    @Test
    void failsClearlyForAMissingRun() {
        assertThatThrownBy(() -> db.jobs().create(new NewJob(424242, "x", "x", List.of(), List.of(), Optional.empty())))
                .isInstanceOf(StoreException.class)
                .hasMessage("no run with id 424242");
    }

    @Test
    void onlyTheLeaseHolderCompletesAJob() {
        var run = run(repo());
        var job = job(run, "build", List.of());
        assertThat(db.jobs().complete(job.id(), "agent-1", Conclusion.SUCCESS, "{}", Optional.empty()))
                .isFalse();
        db.queue().enqueue(job.id());
        assertThat(db.queue().claim("agent-1", Set.of(), Duration.ofMinutes(1))).isPresent();
        assertThat(db.jobs().complete(job.id(), "agent-2", Conclusion.SUCCESS, "{}", Optional.empty()))
                .isFalse();
        assertThat(db.jobs().complete(job.id(), "agent-1", Conclusion.FAILURE, "{\"v\":\"1\"}", Optional.of("exit 2")))
                .isTrue();
        assertThat(db.jobs().complete(job.id(), "agent-1", Conclusion.SUCCESS, "{}", Optional.empty()))
                .isFalse();
        assertThat(db.jobs().find(job.id()).orElseThrow())
                .extracting(Job::status, Job::conclusion, Job::outputs, Job::failureMessage, Job::leaseUntil)
                .containsExactly(
                        JobStatus.COMPLETED,
                        Optional.of(Conclusion.FAILURE),
                        "{\"v\":\"1\"}",
                        Optional.of("exit 2"),
                        Optional.empty());
    }

    @Test
    void skipsOnlyWaitingJobs() {
        var run = run(repo());
        var waiting = job(run, "a", List.of());
        var queued = job(run, "b", List.of());
        db.queue().enqueue(queued.id());
        assertThat(db.jobs().skip(waiting.id())).isTrue();
        assertThat(db.jobs().skip(queued.id())).isFalse();
        assertThat(db.jobs().find(waiting.id()).orElseThrow().conclusion()).contains(Conclusion.SKIPPED);
    }
}
