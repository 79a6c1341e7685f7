package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.CommitStatus;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.NewRun;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.StatusState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryIT {
    private static final String CI = """
            name: CI
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - run: echo first
              b:
                needs: a
                runs-on: ubuntu-latest
                steps:
                  - run: echo second
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
    void startEndsARunAKilledServerLeftInProgressAndKeepsItsLog() throws Exception {
        var sha = f.commit(".github/workflows/ci.yml", CI);
        f.publish();
        // What a server killed in the middle of job a leaves behind.
        var run = f.db.runs()
                .create(NewRun.of(
                        f.repo.id(), ".github/workflows/ci.yml", "CI", "push", "refs/heads/main", sha, "alice", "{}"));
        f.db.runs().start(run.id());
        var a = f.db.jobs()
                .create(new NewJob(run.id(), "a", "a", List.of("ubuntu-latest"), List.of(), Optional.empty()));
        var b = f.db.jobs()
                .create(new NewJob(run.id(), "b", "b", List.of("ubuntu-latest"), List.of("a"), Optional.empty()));
        f.db.queue().enqueue(a.id());
        assertThat(f.db.queue().claim("dead-server", Set.of("ubuntu-latest"), Duration.ofHours(1)))
                .map(Job::id)
                .contains(a.id());
        f.db.steps().create(a.id(), List.of("Run echo first"));
        f.db.steps().start(a.id(), 0, "logs/" + run.id() + "/" + a.id() + ".log");
        var log = tmp.resolve("data/logs/" + run.id() + "/" + a.id() + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "##[step] Run echo first\nhalf of the output\n");

        f.service.start();

        var after = f.db.runs().find(run.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(after.conclusion()).contains(Conclusion.FAILURE);
        var jobs = f.jobs(run.id());
        assertThat(jobs)
                .extracting(Job::key, Job::conclusion, Job::failureMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "a", Optional.of(Conclusion.FAILURE), Optional.of(Recovery.REASON)),
                        org.assertj.core.groups.Tuple.tuple("b", Optional.of(Conclusion.SKIPPED), Optional.empty()));
        assertThat(f.db.steps().list(a.id()).getFirst().conclusion()).contains(Conclusion.FAILURE);
        assertThat(f.log(jobs.getFirst())).contains("half of the output");
        assertThat(f.db.statuses().list(f.repo.id(), sha, Page.first(10)))
                .extracting(CommitStatus::context, CommitStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CI / a", StatusState.FAILURE));
    }

    @Test
    void startRunsTheRunsAStoppedServerLeftQueued() throws Exception {
        f.pushNew("refs/heads/main", f.commit(".github/workflows/ci.yml", CI));
        var queued = f.onlyRun();
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        // A new service over the same store, as after a restart: it learns of the run from the store alone.
        var restarted = f.newService();

        restarted.start();

        try {
            var run = f.awaitCompleted(queued.id());
            assertThat(run.conclusion()).contains(Conclusion.SUCCESS);
            assertThat(f.jobs(run.id())).extracting(Job::conclusion).containsOnly(Optional.of(Conclusion.SUCCESS));
        } finally {
            restarted.stop(Duration.ofSeconds(10));
        }
    }
}
