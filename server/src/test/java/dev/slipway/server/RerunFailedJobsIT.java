package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rerun-failed-jobs} and {@code jobs/{id}/rerun}: a new attempt in which successful jobs keep their results and
 * outputs without running again, while failed jobs and the jobs that need them run again.
 */
class RerunFailedJobsIT {
    private static final String RUNS = "/api/v3/repos/gus/svc/actions/runs";
    private static final String JOBS = "/api/v3/repos/gus/svc/actions/jobs";
    private static final String MX_RUNS = "/api/v3/repos/gus/mx/actions/runs";
    private static final String MX_JOBS = "/api/v3/repos/gus/mx/actions/jobs";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String gus;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        gus = server.userWithToken("gus");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\"}", Http.token(gus));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var marker = dir.resolve("flaky-ran-once");
        var workflow = """
                name: ci
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    outputs:
                      stamp: ${{ steps.s.outputs.stamp }}
                    steps:
                      - id: s
                        run: |
                          stamp=$(date +%s%N)
                          echo "built $stamp"
                          echo "stamp=$stamp" >> "$GITHUB_OUTPUT"
                  flaky:
                    runs-on: ubuntu-latest
                    steps:
                      - run: test -f MARKER || { touch MARKER; echo "failing the first time"; exit 1; }
                  after:
                    needs: [build, flaky]
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "got stamp=${{ needs.build.outputs.stamp }}"
                """.replace("MARKER", marker.toString());
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/ci.yml", workflow);
        git.run(work, "push", "-q", server.cloneUrl("gus/svc", Optional.of(gus)), "main")
                .ok();

        created = server.http.post("/api/v3/user/repos", "{\"name\":\"mx\"}", Http.token(gus));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var matrix = """
                name: matrix
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    strategy:
                      fail-fast: false
                      matrix:
                        n: [1, 2, 3]
                    steps:
                      - run: |
                          echo "leg ${{ matrix.n }} at $(date +%s%N)"
                          if [ ${{ matrix.n }} = 2 ]; then test -f MARKER || { touch MARKER; exit 1; }; fi
                  report:
                    needs: test
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "all legs ${{ needs.test.result }}"
                """.replace("MARKER", dir.resolve("leg-2-ran-once").toString());
        var mx = dir.resolve("mx");
        git.initAndCommit(mx, ".github/workflows/matrix.yml", matrix);
        git.run(mx, "push", "-q", server.cloneUrl("gus/mx", Optional.of(gus)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void failedJobsAndTheirDependentsRunAgainWhileSuccessfulOnesKeepTheirResultsAndOutputs() {
        var first = await(r -> r.get("status").asText().equals("completed"));
        assertThat(first.get("conclusion").asText()).isEqualTo("failure");
        var id = first.get("id").asLong();
        var attempt1 = jobs(id);
        assertThat(conclusions(attempt1))
                .containsEntry("build", "success")
                .containsEntry("flaky", "failure")
                .containsEntry("after", "skipped");
        var built = Pattern.compile("built (\\d+)").matcher(log(attempt1.get("build")));
        assertThat(built.find()).isTrue();
        var stamp = built.group(1);

        var rerun = server.http.post(RUNS + "/" + id + "/rerun-failed-jobs", "", Http.token(gus));
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(201);
        var second = await(r ->
                r.get("run_attempt").asInt() == 2 && r.get("status").asText().equals("completed"));
        assertThat(second.get("conclusion").asText()).isEqualTo("success");
        var attempt2 = jobs(id);
        assertThat(conclusions(attempt2))
                .containsEntry("build", "success")
                .containsEntry("flaky", "success")
                .containsEntry("after", "success");
        var build2 = attempt2.get("build");
        assertThat(build2.get("run_attempt").asInt()).isEqualTo(2);
        assertThat(build2.get("id").asLong())
                .isNotEqualTo(attempt1.get("build").get("id").asLong());
        // carried over, not run again: the same start as in attempt 1 and the same single "built" line
        assertThat(build2.get("started_at").asText())
                .isEqualTo(attempt1.get("build").get("started_at").asText());
        assertThat(log(build2)).contains("built " + stamp);
        assertThat(log(attempt2.get("after"))).contains("got stamp=" + stamp);

        var again = server.http.post(RUNS + "/" + id + "/rerun-failed-jobs", "", Http.token(gus));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("no failed or cancelled jobs");

        var one =
                server.http.post(JOBS + "/" + attempt2.get("after").get("id").asLong() + "/rerun", "", Http.token(gus));
        assertThat(one.status()).as(one.body()).isEqualTo(201);
        await(r -> r.get("run_attempt").asInt() == 3 && r.get("status").asText().equals("completed"));
        var attempt3 = jobs(id);
        assertThat(conclusions(attempt3))
                .containsOnlyKeys("build", "flaky", "after")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo("success"));
        assertThat(attempt3.get("flaky").get("started_at").asText())
                .isEqualTo(attempt2.get("flaky").get("started_at").asText());
        assertThat(log(attempt3.get("after"))).contains("got stamp=" + stamp);

        var stale =
                server.http.post(JOBS + "/" + attempt2.get("after").get("id").asLong() + "/rerun", "", Http.token(gus));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("message").asText()).contains("earlier attempt");
    }

    @Test
    void ofAMatrixJobOnlyTheFailedCombinationsRunAgain() {
        var first = server.awaitRun(
                MX_RUNS, Http.token(gus), r -> r.get("status").asText().equals("completed"));
        var id = first.get("id").asLong();
        var attempt1 = jobs(MX_RUNS, id);
        assertThat(conclusions(attempt1))
                .containsEntry("test (1)", "success")
                .containsEntry("test (2)", "failure")
                .containsEntry("test (3)", "success")
                .containsEntry("report", "skipped");

        var rerun = server.http.post(MX_RUNS + "/" + id + "/rerun-failed-jobs", "", Http.token(gus));
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(201);
        var second = server.awaitRun(
                MX_RUNS,
                Http.token(gus),
                r -> r.get("run_attempt").asInt() == 2
                        && r.get("status").asText().equals("completed"));
        assertThat(second.get("conclusion").asText()).isEqualTo("success");
        var attempt2 = jobs(MX_RUNS, id);
        assertThat(conclusions(attempt2))
                .containsOnlyKeys("test (1)", "test (2)", "test (3)", "report")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo("success"));
        for (var kept : java.util.List.of("test (1)", "test (3)")) {
            assertThat(legLine(attempt2.get(kept)))
                    .as(kept + " is carried over, not run again")
                    .isEqualTo(legLine(attempt1.get(kept)));
        }
        assertThat(attempt2.get("test (2)").get("id").asLong())
                .isNotEqualTo(attempt1.get("test (2)").get("id").asLong());
        assertThat(log(MX_JOBS, attempt2.get("report"))).contains("all legs success");

        var one = server.http.post(
                MX_JOBS + "/" + attempt2.get("test (3)").get("id").asLong() + "/rerun", "", Http.token(gus));
        assertThat(one.status()).as(one.body()).isEqualTo(201);
        server.awaitRun(
                MX_RUNS,
                Http.token(gus),
                r -> r.get("run_attempt").asInt() == 3
                        && r.get("status").asText().equals("completed"));
        var attempt3 = jobs(MX_RUNS, id);
        assertThat(legLine(attempt3.get("test (1)"))).isEqualTo(legLine(attempt1.get("test (1)")));
        assertThat(legLine(attempt3.get("test (2)"))).isEqualTo(legLine(attempt2.get("test (2)")));
        assertThat(legLine(attempt3.get("test (3)"))).isNotEqualTo(legLine(attempt2.get("test (3)")));
        assertThat(attempt3.get("test (3)").get("id").asLong())
                .isNotEqualTo(attempt2.get("test (3)").get("id").asLong());
        assertThat(attempt3.get("report").get("id").asLong())
                .isNotEqualTo(attempt2.get("report").get("id").asLong());
        assertThat(conclusions(attempt3)).allSatisfy((k, v) -> assertThat(v).isEqualTo("success"));
    }

    /** The line a matrix leg printed with the time it ran, in nanoseconds. */
    private static String legLine(JsonNode job) {
        var m = Pattern.compile("leg \\d at \\d+").matcher(log(MX_JOBS, job));
        assertThat(m.find()).as("a leg line in the log of " + job.get("name")).isTrue();
        return m.group();
    }

    private static JsonNode await(Predicate<JsonNode> done) {
        return server.awaitRun(RUNS, Http.token(gus), done);
    }

    private static Map<String, JsonNode> jobs(long runId) {
        return jobs(RUNS, runId);
    }

    private static Map<String, JsonNode> jobs(String runs, long runId) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        server.http
                .get(runs + "/" + runId + "/jobs", Http.token(gus))
                .json()
                .get("jobs")
                .forEach(j -> out.put(j.get("name").asText(), j));
        return out;
    }

    private static Map<String, String> conclusions(Map<String, JsonNode> jobs) {
        Map<String, String> out = new LinkedHashMap<>();
        jobs.forEach((name, j) -> out.put(name, j.get("conclusion").asText()));
        return out;
    }

    private static String log(JsonNode job) {
        return log(JOBS, job);
    }

    private static String log(String jobs, JsonNode job) {
        return server.http
                .get(jobs + "/" + job.get("id").asLong() + "/logs", Http.token(gus))
                .body();
    }
}
