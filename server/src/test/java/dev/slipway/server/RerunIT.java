package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST .../actions/runs/{id}/rerun}: the same run again as its next attempt, as GitHub does it. */
class RerunIT {
    private static final String WORKFLOW = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "attempt ${{ github.run_attempt }} of run ${{ github.run_number }}"
              test:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - run: echo tested
            """;
    private static final String RUNS = "/api/v3/repos/erin/svc/actions/runs";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String erin;
    private static String sha;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        erin = server.userWithToken("erin");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\",\"private\":true}", Http.token(erin));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        sha = git.initAndCommit(work, ".github/workflows/ci.yml", WORKFLOW);
        git.run(work, "push", "-q", server.cloneUrl("erin/svc", Optional.of(erin)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rerunRunsAllJobsAgainAsTheNextAttemptOfTheSameRun() {
        var first = await(RUNS + "?event=push", r -> r.get("status").asText().equals("completed"));
        var id = first.get("id").asLong();
        assertThat(first.get("run_attempt").asInt()).isEqualTo(1);

        assertThat(first.get("rerun_url").asText()).endsWith(RUNS + "/" + id + "/rerun");
        var rerun = server.http.post(
                first.get("rerun_url").asText().replaceFirst("^https?://[^/]+", ""), "", Http.token(erin));
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(201);

        var second = await(
                RUNS + "?event=push",
                r -> r.get("run_attempt").asInt() == 2
                        && r.get("status").asText().equals("completed"));
        assertThat(second.get("id").asLong()).isEqualTo(id);
        assertThat(second.get("run_number").asLong())
                .isEqualTo(first.get("run_number").asLong());
        assertThat(second.get("head_sha").asText()).isEqualTo(sha);
        assertThat(second.get("conclusion").asText()).isEqualTo("success");
        var total =
                server.http.get(RUNS + "?event=push", Http.token(erin)).json().get("total_count");
        assertThat(total.asInt()).isEqualTo(1);

        var jobs = server.http
                .get(RUNS + "/" + id + "/jobs", Http.token(erin))
                .json()
                .get("jobs");
        assertThat(jobs).hasSize(2).allSatisfy(j -> {
            assertThat(j.get("run_attempt").asInt()).isEqualTo(2);
            assertThat(j.get("conclusion").asText()).isEqualTo("success");
        });
        var build = jobs.get(0).get("name").asText().equals("build") ? jobs.get(0) : jobs.get(1);
        var log = server.http.get(
                "/api/v3/repos/erin/svc/actions/jobs/" + build.get("id").asLong() + "/logs", Http.token(erin));
        assertThat(log.body())
                .contains("attempt 2 of run " + first.get("run_number").asLong());
    }

    @Test
    void rerunOfAnUnknownRunIs404AndNeedsWriteAccess() {
        assertThat(server.http
                        .post(RUNS + "/999999/rerun", "", Http.token(erin))
                        .status())
                .isEqualTo(404);
        var run = await(RUNS + "?event=push", r -> r.get("status").asText().equals("completed"));
        var mallory = server.userWithToken("mallory");
        var denied = server.http.post(RUNS + "/" + run.get("id").asLong() + "/rerun", "", Http.token(mallory));
        assertThat(denied.status()).isIn(403, 404);
    }

    /** Polls until the newest run of {@code query} satisfies {@code done} (a wait, not a timing assertion). */
    private static JsonNode await(String query, Predicate<JsonNode> done) {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            var runs = server.http.get(query, Http.token(erin)).json().get("workflow_runs");
            if (!runs.isEmpty()) {
                last = runs.get(0);
                if (done.test(last)) {
                    return last;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no run of " + query + " got there; last seen: " + last);
    }
}
