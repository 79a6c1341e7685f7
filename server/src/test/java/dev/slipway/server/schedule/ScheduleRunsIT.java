package dev.slipway.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.host.HostExecutor;
import dev.slipway.git.Repositories;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.runs.RunService;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler creates {@code schedule} runs through the run service (not started: the runs stay queued). */
class ScheduleRunsIT {
    private static final String NIGHTLY = """
            name: nightly
            on:
              schedule:
                - cron: '*/5 * * * *'
            jobs:
              check:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event.schedule }}"
            """;

    @TempDir
    Path tmp;

    private Database db;
    private Repositories repos;
    private RunService service;
    private Repo repo;
    private String sha;

    @BeforeEach
    void setUp() {
        db = Database.open(tmp.resolve("data").toString());
        repos = Repositories.at(tmp.resolve("git"));
        var alice = db.users().create("alice", "alice@example.com", "Alice", "correct horse battery", false);
        repo = db.repos().create(alice.id(), "app", "", false, "main");
        try (var source = TestRepo.init(tmp.resolve("src"))) {
            sha = source.file(".github/workflows/nightly.yml", NIGHTLY).commit("nightly");
            source.cloneBare(repos.root().resolve("alice/app.git"));
        }
        service = new RunService(
                db,
                repos,
                tmp.resolve("logs"),
                Platforms.hostDefaults(HostExecutor.create()),
                RuntimeOptions.defaults(),
                "http://localhost:8080");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aDueCronQueuesAScheduleRunAtTheDefaultBranchHead() {
        var clock = new MovableClock("2026-03-02T12:05:00Z", ZoneOffset.UTC);
        var scheduler = new Scheduler(repos, service::schedule, clock);

        scheduler.tick();
        clock.set("2026-03-02T12:06:00Z");
        scheduler.tick();

        var runs = db.runs().list(RunFilter.repo(repo.id()), Page.first(10));
        assertThat(runs).hasSize(1);
        var run = runs.getFirst();
        assertThat(run.event()).isEqualTo("schedule");
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.sha()).isEqualTo(sha);
        assertThat(run.ref()).isEqualTo("refs/heads/main");
        assertThat(run.actor()).isEqualTo("alice");
        assertThat(run.workflowPath()).isEqualTo(".github/workflows/nightly.yml");
        assertThat(run.eventPayload()).contains("\"schedule\"").contains("*/5 * * * *");
        assertThat(db.jobs().listForRun(run.id()))
                .singleElement()
                .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.WAITING));
    }

    @Test
    void aCronTheWorkflowDoesNotHaveCreatesNoRun() {
        assertThat(service.schedule("alice", "app", ".github/workflows/nightly.yml", sha, "0 * * * *"))
                .isEmpty();
        assertThat(service.schedule("alice", "app", ".github/workflows/gone.yml", sha, "*/5 * * * *"))
                .isEmpty();
        assertThat(db.runs().count(RunFilter.repo(repo.id()))).isZero();
    }
}
