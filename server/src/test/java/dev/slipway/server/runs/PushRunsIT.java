package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.CommitStatus;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.StatusState;
import dev.slipway.server.store.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushRunsIT {
    private static final String CI = """
            name: CI
            on:
              push:
                branches: [main]
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: cat hello.txt
              test:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - name: Say
                    run: echo "tested ${{ github.ref_name }} by ${{ github.actor }}"
            """;

    @TempDir
    Path tmp;

    private Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
        f.service.start();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aPushRunsTheWorkflowAndRecordsJobsStepsLogsAndStatuses() throws Exception {
        var sha = f.commit(".github/workflows/ci.yml", CI, "hello.txt", "hello from the repo\n");
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        assertThat(run.conclusion()).contains(Conclusion.SUCCESS);
        assertThat(run)
                .extracting(r -> r.number(), r -> r.event(), r -> r.sha(), r -> r.name(), r -> r.actor())
                .containsExactly(1L, "push", sha, "CI", "alice");
        assertThat(run.eventPayload()).contains("\"after\": \"" + sha + "\"", "\"ref\": \"refs/heads/main\"");
        var jobs = f.jobs(run.id());
        assertThat(jobs).extracting(Job::key).containsExactly("build", "test");
        assertThat(jobs).extracting(Job::status).containsOnly(dev.slipway.server.store.JobStatus.COMPLETED);
        assertThat(jobs).extracting(Job::conclusion).containsOnly(Optional.of(Conclusion.SUCCESS));
        assertThat(jobs.get(1).needs()).containsExactly("build");
        assertThat(jobs.get(1).started().orElseThrow())
                .isAfterOrEqualTo(jobs.get(0).completed().orElseThrow());

        var steps = f.db.steps().list(jobs.get(0).id());
        assertThat(steps).extracting(Step::name).containsExactly("Run actions/checkout@v4", "Run cat hello.txt");
        assertThat(steps).extracting(Step::conclusion).containsOnly(Optional.of(Conclusion.SUCCESS));
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.started()).isPresent();
            assertThat(s.completed()).isPresent();
            assertThat(s.logPath())
                    .contains("logs/" + run.id() + "/" + jobs.get(0).id() + ".log");
        });

        assertThat(f.log(jobs.get(0))).contains("##[step] Run cat hello.txt", "hello from the repo");
        assertThat(f.log(jobs.get(1))).contains("##[step] Say", "tested main by alice");

        var statuses = f.db.statuses().list(f.repo.id(), sha, Page.first(100)).reversed();
        assertThat(statuses)
                .extracting(CommitStatus::context, CommitStatus::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CI / build", StatusState.PENDING),
                        org.assertj.core.groups.Tuple.tuple("CI / build", StatusState.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("CI / test", StatusState.PENDING),
                        org.assertj.core.groups.Tuple.tuple("CI / test", StatusState.SUCCESS));
        assertThat(f.db.statuses().combined(f.repo.id(), sha).state()).isEqualTo(StatusState.SUCCESS);
    }

    @Test
    void matrixCombinationsGetTheirOwnJobRowsWhenTheyRun() throws Exception {
        var sha = f.commit(".github/workflows/matrix.yml", """
                name: Matrix
                on: push
                jobs:
                  test:
                    name: test on ${{ matrix.os }}
                    strategy:
                      matrix:
                        os: [red, blue]
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "colour ${{ matrix.os }}"
                """);
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        assertThat(run.conclusion()).contains(Conclusion.SUCCESS);
        var jobs = f.jobs(run.id());
        assertThat(jobs)
                .extracting(Job::key, Job::name, j -> j.matrix().map(m -> m.replaceAll("\\s", "")))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "test (red)", "test on red", Optional.of("{\"os\":\"red\"}")),
                        org.assertj.core.groups.Tuple.tuple(
                                "test (blue)", "test on blue", Optional.of("{\"os\":\"blue\"}")));
        for (var job : jobs) {
            assertThat(job.conclusion()).contains(Conclusion.SUCCESS);
            assertThat(f.log(job))
                    .contains("colour " + job.key().substring(6, job.key().length() - 1));
        }
        assertThat(f.db.statuses().combined(f.repo.id(), sha).statuses())
                .extracting(CommitStatus::context)
                .containsExactly("Matrix / test on blue", "Matrix / test on red");
    }

    @Test
    void aBranchTheFilterDoesNotMatchCreatesNoRun() {
        var sha = f.commit(".github/workflows/ci.yml", CI, "hello.txt", "hi\n");
        f.source.branch("dev");

        f.pushNew("refs/heads/dev", sha);

        assertThat(f.runs()).isEmpty();
    }

    @Test
    void aWorkflowWithErrorsCreatesAFailedRunThatShowsTheDiagnostics() throws Exception {
        var sha = f.commit(".github/workflows/bad.yml", """
                on: push
                jobs:
                  build:
                    steps:
                      - run: echo never
                """);

        f.pushNew("refs/heads/main", sha);

        var run = f.onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.conclusion()).contains(Conclusion.FAILURE);
        assertThat(run.workflowPath()).isEqualTo(".github/workflows/bad.yml");
        List<Job> jobs = f.jobs(run.id());
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.conclusion()).contains(Conclusion.FAILURE);
            assertThat(job.failureMessage().orElseThrow())
                    .startsWith("Invalid workflow file")
                    .contains(".github/workflows/bad.yml:3:3: error: job 'build' has no 'runs-on'");
        });
        assertThat(f.log(jobs.getFirst())).contains("##[error].github/workflows/bad.yml:");
    }

    @Test
    void theStepsOfAJobWithBackgroundStepsKeepTheirLinesTogetherInTheLog() throws Exception {
        var sha = f.commit(".github/workflows/bg.yml", """
                name: BG
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bg
                        name: Background
                        background: true
                        run: for i in 1 2 3 4; do echo "bg $i"; sleep 0.1; done
                      - name: Foreground
                        run: for i in 1 2 3 4; do echo "fg $i"; sleep 0.1; done
                      - wait: bg
                """);
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        assertThat(run.conclusion()).contains(Conclusion.SUCCESS);
        var job = f.jobs(run.id()).getFirst();
        assertThat(f.db.steps().list(job.id()))
                .extracting(Step::name, Step::conclusion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Background", Optional.of(Conclusion.SUCCESS)),
                        org.assertj.core.groups.Tuple.tuple("Foreground", Optional.of(Conclusion.SUCCESS)),
                        org.assertj.core.groups.Tuple.tuple("Wait for bg", Optional.of(Conclusion.SUCCESS)));
        java.util.Map<String, List<String>> sections = new java.util.LinkedHashMap<>();
        List<String> current = new java.util.ArrayList<>();
        for (String line : f.log(job).lines().toList()) {
            if (line.startsWith("##[step] ")) {
                current = new java.util.ArrayList<>();
                assertThat(sections.put(line.substring("##[step] ".length()), current))
                        .as("one section per step")
                        .isNull();
            } else {
                current.add(line);
            }
        }
        assertThat(sections.get("Background")).containsSubsequence("bg 1", "bg 2", "bg 3", "bg 4");
        assertThat(sections.get("Foreground")).containsSubsequence("fg 1", "fg 2", "fg 3", "fg 4");
        assertThat(sections.get("Background")).noneMatch(l -> l.startsWith("fg "));
        assertThat(sections.get("Foreground")).noneMatch(l -> l.startsWith("bg "));
    }
}
