package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run waiting for a reviewer outlives a restart of the server: the wait is stored, the run resumes in the same
 * attempt at the next start with its finished jobs kept, and the approval given after the restart lets the job run.
 */
class EnvironmentRestartIT {
    private static final String WORKFLOW = """
            name: ship
            on: workflow_dispatch
            jobs:
              build:
                runs-on: ubuntu-latest
                outputs:
                  version: ${{ steps.v.outputs.version }}
                steps:
                  - id: v
                    run: echo "version=1.2.${{ github.run_number }}" >> "$GITHUB_OUTPUT"
              ship:
                needs: build
                runs-on: ubuntu-latest
                environment: production
                steps:
                  - run: echo "shipping ${{ needs.build.outputs.version }}"
            """;
    private static final String ACTIONS = "/api/v3/repos/ann/app/actions";

    @TempDir
    Path dir;

    @Test
    void aRunWaitingForAReviewerResumesAfterARestartAndRunsOnceApproved() {
        long runId;
        long envId;
        String bob;
        try (var first = TestServer.start(dir.resolve("data"), Optional.empty())) {
            var ann = first.userWithToken("ann");
            bob = first.userWithToken("bob");
            first.pushNewRepository("ann", ann, "app", dir.resolve("work"), ".github/workflows/ship.yml", WORKFLOW);
            long bobId = first.userId(Http.token(bob));
            envId = first.putEnvironment(
                    "ann/app",
                    "production",
                    "{\"reviewers\":[{\"type\":\"User\",\"id\":" + bobId + "}]}",
                    Http.token(ann));
            var dispatched =
                    first.http.post(ACTIONS + "/workflows/ship.yml/dispatches", "{\"ref\":\"main\"}", Http.token(ann));
            assertThat(dispatched.status()).isEqualTo(204);
            runId = first.awaitRun(
                            ACTIONS + "/runs",
                            Http.token(bob),
                            r -> r.get("status").asText().equals("waiting"))
                    .get("id")
                    .asLong();
        }
        try (var second = TestServer.start(dir.resolve("data"), Optional.empty())) {
            var waiting = second.awaitRun(
                    ACTIONS + "/runs",
                    Http.token(bob),
                    r -> r.get("status").asText().equals("waiting"));
            assertThat(waiting.get("id").asLong()).isEqualTo(runId);
            assertThat(waiting.get("run_attempt").asInt()).isEqualTo(1);
            var approved = second.http.post(
                    ACTIONS + "/runs/" + runId + "/pending_deployments",
                    "{\"environment_ids\":[" + envId + "],\"state\":\"approved\",\"comment\":\"ship it\"}",
                    Http.token(bob));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            var done = second.awaitRun(
                    ACTIONS + "/runs",
                    Http.token(bob),
                    r -> r.get("status").asText().equals("completed"));
            assertThat(done.get("conclusion").asText()).isEqualTo("success");
            var logs = second.jobLogs("ann/app", Http.token(bob), runId);
            assertThat(logs.get("ship")).contains("shipping 1.2.1");
            assertThat(second.http
                            .get("/api/v3/repos/ann/app/deployments?environment=production", Http.token(bob))
                            .json())
                    .hasSize(1);
        }
    }
}
