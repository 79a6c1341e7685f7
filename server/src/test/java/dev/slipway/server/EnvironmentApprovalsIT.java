package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protection rules of environments on a real server, through real pushes and the REST API: required reviewers (the
 * job waits, the run shows {@code waiting}; a reviewer approves or rejects; self-review and non-reviewers are
 * refused), cancelling a waiting run, the wait timer, and the branch policy.
 */
class EnvironmentApprovalsIT {
    private static final String REPO = "/api/v3/repos/ada/shop";
    private static final String ACTIONS = REPO + "/actions";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String ada;
    private static String bob;
    private static String carol;

    private static String workflow(String environment) {
        return """
                name: %1$s
                on: workflow_dispatch
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo built
                  deploy:
                    needs: build
                    runs-on: ubuntu-latest
                    environment:
                      name: %1$s
                      url: ${{ steps.site.outputs.url }}
                    steps:
                      - id: site
                        run: echo "url=http://%1$s.local/shop" >> "$GITHUB_OUTPUT"
                """.formatted(environment);
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        ada = server.userWithToken("ada");
        bob = server.userWithToken("bob");
        carol = server.userWithToken("carol");
        server.pushNewRepository(
                "ada",
                ada,
                "shop",
                dir.resolve("work"),
                ".github/workflows/production.yml",
                workflow("production"),
                ".github/workflows/slow.yml",
                workflow("slow"),
                ".github/workflows/restricted.yml",
                workflow("restricted"),
                ".github/workflows/temporary.yml",
                workflow("temporary"));
        var reviewers = "[{\"type\":\"User\",\"id\":" + id(ada) + "},{\"type\":\"User\",\"id\":" + id(bob) + "}]";
        put("production", "{\"prevent_self_review\":true,\"reviewers\":" + reviewers + "}");
        put("slow", "{\"wait_timer\":30}");
        put(
                "restricted",
                "{\"deployment_branch_policy\":{\"protected_branches\":false,\"custom_branch_policies\":true}}");
        var pattern = server.http.post(
                REPO + "/environments/restricted/deployment-branch-policies",
                "{\"name\":\"release/*\",\"type\":\"branch\"}",
                Http.token(ada));
        assertThat(pattern.status()).as(pattern.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long id(String token) {
        return server.userId(Http.token(token));
    }

    private static void put(String environment, String body) {
        server.putEnvironment("ada/shop", environment, body, Http.token(ada));
    }

    /** Dispatches {@code file} on {@code ref} and waits until its run is waiting at the deploy job's gate. */
    private static JsonNode dispatchUntilWaiting(String file) {
        dispatch(file, "main");
        return server.awaitRun(
                ACTIONS + "/runs?event=workflow_dispatch",
                Http.token(ada),
                r -> r.get("path").asText().endsWith(file)
                        && r.get("status").asText().equals("waiting"));
    }

    private static void dispatch(String file, String ref) {
        var dispatched = server.http.post(
                ACTIONS + "/workflows/" + file + "/dispatches", "{\"ref\":\"" + ref + "\"}", Http.token(ada));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
    }

    private static JsonNode completed(long runId) {
        return server.awaitRun(
                ACTIONS + "/runs?status=completed",
                Http.token(ada),
                r -> r.get("id").asLong() == runId);
    }

    private static JsonNode job(long runId, String name) {
        for (var job : server.http
                .get(ACTIONS + "/runs/" + runId + "/jobs", Http.token(ada))
                .json()
                .get("jobs")) {
            if (job.get("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in run " + runId);
    }

    private static JsonNode pending(long runId, String token) {
        return server.http
                .get(ACTIONS + "/runs/" + runId + "/pending_deployments", Http.token(token))
                .json();
    }

    private static Http.Response review(long runId, String token, long environmentId, String state) {
        return server.http.post(
                ACTIONS + "/runs/" + runId + "/pending_deployments",
                "{\"environment_ids\":[" + environmentId + "],\"state\":\"" + state + "\",\"comment\":\"" + state
                        + " by test\"}",
                Http.token(token));
    }

    @Test
    void aRequiredReviewerApprovesAndTheJobRunsWhileOthersAreRefusedSayingWhy() {
        var run = dispatchUntilWaiting("production.yml");
        long runId = run.get("id").asLong();
        assertThat(job(runId, "deploy").get("status").asText()).isEqualTo("waiting");
        assertThat(job(runId, "build").get("conclusion").asText()).isEqualTo("success");
        assertThat(server.http
                        .get(ACTIONS + "/runs?status=waiting", Http.token(ada))
                        .json()
                        .get("workflow_runs"))
                .extracting(r -> r.get("id").asLong())
                .containsExactly(runId);
        assertThat(server.http
                        .get(ACTIONS + "/runs?status=in_progress", Http.token(ada))
                        .json()
                        .get("workflow_runs"))
                .extracting(r -> r.get("id").asLong())
                .doesNotContain(runId);

        var pending = pending(runId, bob);
        assertThat(pending).hasSize(1);
        var environment = pending.get(0).get("environment");
        assertThat(environment.get("name").asText()).isEqualTo("production");
        assertThat(pending.get(0).get("current_user_can_approve").asBoolean()).isTrue();
        assertThat(pending.get(0).get("reviewers").get(0).get("type").asText()).isEqualTo("User");
        assertThat(pending(runId, ada).get(0).get("current_user_can_approve").asBoolean())
                .isFalse();
        long envId = environment.get("id").asLong();

        var self = review(runId, ada, envId, "approved");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("message").asText())
                .contains("prevents self-review")
                .contains("ada");
        var stranger = review(runId, carol, envId, "approved");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.json().get("message").asText())
                .isEqualTo("carol is not a required reviewer of environment production");
        assertThat(review(runId, bob, envId, "maybe").status()).isEqualTo(422);

        var approved = review(runId, bob, envId, "approved");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get(0).get("environment").asText()).isEqualTo("production");
        assertThat(completed(runId).get("conclusion").asText()).isEqualTo("success");

        var approvals = server.http
                .get(ACTIONS + "/runs/" + runId + "/approvals", Http.token(ada))
                .json();
        assertThat(approvals).hasSize(1);
        assertThat(approvals.get(0).get("state").asText()).isEqualTo("approved");
        assertThat(approvals.get(0).get("user").get("login").asText()).isEqualTo("bob");
        assertThat(approvals.get(0).get("comment").asText()).isEqualTo("approved by test");
        assertThat(approvals.get(0).get("environments").get(0).get("name").asText())
                .isEqualTo("production");

        var deployment = server.http
                .get(REPO + "/deployments?environment=production", Http.token(ada))
                .json()
                .get(0);
        assertThat(deployment.get("ref").asText()).isEqualTo("main");
        assertThat(deployment.get("creator").get("login").asText()).isEqualTo("ada");
        var states = server.http
                .get(REPO + "/deployments/" + deployment.get("id").asLong() + "/statuses", Http.token(ada))
                .json();
        assertThat(states)
                .extracting(s -> s.get("state").asText())
                .containsExactly("success", "in_progress", "waiting", "queued");
        assertThat(states.get(0).get("environment_url").asText()).isEqualTo("http://production.local/shop");
    }

    @Test
    void aRejectedDeploymentFailsTheJobWithoutRunningIt() {
        long runId = dispatchUntilWaiting("production.yml").get("id").asLong();
        long envId = pending(runId, bob).get(0).get("environment").get("id").asLong();
        assertThat(review(runId, bob, envId, "rejected").status()).isEqualTo(200);
        assertThat(completed(runId).get("conclusion").asText()).isEqualTo("failure");
        var deploy = job(runId, "deploy");
        assertThat(deploy.get("conclusion").asText()).isEqualTo("failure");
        assertThat(deploy.get("steps")).isEmpty();
        assertThat(server.jobLogs("ada/shop", Http.token(ada), runId).get("deploy"))
                .contains("The deployment was rejected or didn't satisfy other protection rules.");
        assertThat(review(runId, bob, envId, "approved").status()).isEqualTo(422);
    }

    @Test
    void cancellingARunThatWaitsForAReviewerCancelsTheJob() {
        long runId = dispatchUntilWaiting("production.yml").get("id").asLong();
        var cancel = server.http.post(ACTIONS + "/runs/" + runId + "/cancel", "{}", Http.token(ada));
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(completed(runId).get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(job(runId, "deploy").get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(pending(runId, bob)).isEmpty();
    }

    @Test
    void theWaitTimerHoldsTheJobAndTheRunCanBeCancelledMeanwhile() {
        long runId = dispatchUntilWaiting("slow.yml").get("id").asLong();
        var pending = pending(runId, ada).get(0);
        assertThat(pending.get("wait_timer").asInt()).isEqualTo(30);
        assertThat(pending.get("wait_timer_started_at").asText()).isNotEmpty();
        assertThat(pending.get("current_user_can_approve").asBoolean()).isFalse();
        assertThat(job(runId, "deploy").get("status").asText()).isEqualTo("waiting");
        assertThat(server.http
                        .post(ACTIONS + "/runs/" + runId + "/cancel", "{}", Http.token(ada))
                        .status())
                .isEqualTo(202);
        assertThat(completed(runId).get("conclusion").asText()).isEqualTo("cancelled");
    }

    @Test
    void deletingTheEnvironmentAJobWaitsForFailsTheJobSayingSo() {
        put("temporary", "{\"wait_timer\":30}");
        long runId = dispatchUntilWaiting("temporary.yml").get("id").asLong();
        assertThat(server.http
                        .delete(REPO + "/environments/temporary", Http.token(ada))
                        .status())
                .isEqualTo(204);
        assertThat(completed(runId).get("conclusion").asText()).isEqualTo("failure");
        assertThat(server.jobLogs("ada/shop", Http.token(ada), runId).get("deploy"))
                .contains("Environment temporary was deleted while the job waited for it.");
        var deployment = server.http
                .get(REPO + "/deployments?environment=temporary", Http.token(ada))
                .json()
                .get(0);
        assertThat(server.http
                        .get(REPO + "/deployments/" + deployment.get("id").asLong() + "/statuses", Http.token(ada))
                        .json()
                        .get(0)
                        .get("state")
                        .asText())
                .isEqualTo("error");
    }

    @Test
    void aBranchTheEnvironmentDoesNotAllowFailsTheJobNamingBranchAndEnvironment() {
        dispatch("restricted.yml", "main");
        var run = server.awaitRun(
                ACTIONS + "/runs?status=completed",
                Http.token(ada),
                r -> r.get("path").asText().endsWith("restricted.yml"));
        assertThat(run.get("conclusion").asText()).isEqualTo("failure");
        assertThat(server.jobLogs("ada/shop", Http.token(ada), run.get("id").asLong())
                        .get("deploy"))
                .contains("Branch \"main\" is not allowed to deploy to restricted due to environment protection"
                        + " rules.");

        var git = new GitCli(dir.resolve("home"));
        git.run(dir.resolve("work"), "push", "-q", server.cloneUrl("ada/shop", Optional.of(ada)), "main:release/1")
                .ok();
        dispatch("restricted.yml", "release/1");
        var allowed =
                RunWait.completed(server, "ada/shop", Http.token(ada), "branch=release/1&event=workflow_dispatch");
        assertThat(allowed.get("conclusion").asText()).isEqualTo("success");
    }
}
