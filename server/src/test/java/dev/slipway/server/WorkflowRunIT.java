package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push runs the repository's workflow on the embedded agent; the API shows the run, its jobs and the log. */
class WorkflowRunIT {
    private static final String WORKFLOW = """
            name: ci
            on:
              push:
              workflow_dispatch:
                inputs:
                  greeting:
                    required: false
                    default: hello
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event_name }} says ${{ inputs.greeting || 'hello' }} from slipway"
            """;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String dave;
    private static String sha;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        dave = server.userWithToken("dave");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\",\"private\":true}", Http.token(dave));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        sha = git.initAndCommit(work, ".github/workflows/ci.yml", WORKFLOW);
        git.run(work, "push", "-q", server.cloneUrl("dave/svc", Optional.of(dave)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pushRunsTheWorkflowToSuccessAndKeepsTheLog() {
        var run = awaitCompleted("event=push");
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        assertThat(run.get("head_sha").asText()).isEqualTo(sha);
        assertThat(run.get("head_branch").asText()).isEqualTo("main");

        var base = "/api/v3/repos/dave/svc/actions";
        var jobs = server.http.get(base + "/runs/" + run.get("id").asLong() + "/jobs", Http.token(dave));
        assertThat(jobs.json().get("total_count").asInt()).isEqualTo(1);
        var job = jobs.json().get("jobs").get(0);
        assertThat(job.get("conclusion").asText()).isEqualTo("success");
        var log = server.http.get(base + "/jobs/" + job.get("id").asLong() + "/logs", Http.token(dave));
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(log.body()).contains("push says hello from slipway");
    }

    @Test
    void dispatchStartsARunWithInputs() {
        var dispatched = server.http.post(
                "/api/v3/repos/dave/svc/actions/workflows/ci.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"greeting\":\"howdy\"}}",
                Http.token(dave));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);

        var run = awaitCompleted("event=workflow_dispatch");
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        var jobs = server.http.get(
                "/api/v3/repos/dave/svc/actions/runs/" + run.get("id").asLong() + "/jobs", Http.token(dave));
        var jobId = jobs.json().get("jobs").get(0).get("id").asLong();
        var log = server.http.get("/api/v3/repos/dave/svc/actions/jobs/" + jobId + "/logs", Http.token(dave));
        assertThat(log.body()).contains("workflow_dispatch says howdy from slipway");
    }

    @Test
    void dispatchOfAMissingWorkflowIs422() {
        var r = server.http.post(
                "/api/v3/repos/dave/svc/actions/workflows/nope.yml/dispatches", "{\"ref\":\"main\"}", Http.token(dave));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("message").asText()).contains("nope.yml");
    }

    @Test
    void runsAreFilteredByStatus() {
        awaitCompleted("event=push");
        var queued = server.http.get("/api/v3/repos/dave/svc/actions/runs?event=push&status=queued", Http.token(dave));
        assertThat(queued.json().get("total_count").asInt()).isZero();
        var bad = server.http.get("/api/v3/repos/dave/svc/actions/runs?status=sideways", Http.token(dave));
        assertThat(bad.status()).isEqualTo(422);
    }

    /** Polls the runs matching {@code query} until the newest has completed (a wait, not a timing assertion). */
    private static JsonNode awaitCompleted(String query) {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            var runs = server.http
                    .get("/api/v3/repos/dave/svc/actions/runs?" + query, Http.token(dave))
                    .json()
                    .get("workflow_runs");
            if (!runs.isEmpty()) {
                last = runs.get(0);
                if (last.get("status").asText().equals("completed")) {
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
        throw new AssertionError("no completed run for " + query + "; last seen: " + last);
    }
}
