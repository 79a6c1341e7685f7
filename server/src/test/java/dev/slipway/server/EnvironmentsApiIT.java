package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments through the REST API and runs: GitHub's JSON shapes and checks, environments a job names into
 * existence, environment secrets and variables seen only by the jobs of that environment (over the repository's),
 * and deployments with their statuses, older successful ones becoming inactive.
 */
class EnvironmentsApiIT {
    private static final String REPO = "/api/v3/repos/eve/site";
    private static final String WORKFLOW = """
            name: publish
            on: workflow_dispatch
            jobs:
              preview:
                runs-on: ubuntu-latest
                environment:
                  name: preview
                  url: http://preview.local/${{ github.run_number }}
                steps:
                  - run: echo "token-is-env=${{ secrets.TOKEN == 'env-token' }} region=${{ vars.REGION }}"
              other:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "token-is-repo=${{ secrets.TOKEN == 'repo-token' }} region=${{ vars.REGION }}"
              review:
                runs-on: ubuntu-latest
                environment:
                  name: review-${{ github.run_number }}
                  deployment: false
                steps:
                  - run: echo reviewed
            """;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String eve;
    private static String mallory;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        eve = server.userWithToken("eve");
        mallory = server.userWithToken("mallory");
        server.pushNewRepository("eve", eve, "site", dir.resolve("work"), ".github/workflows/publish.yml", WORKFLOW);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Response put(String path, String body) {
        return server.http.put(REPO + path, body, Http.token(eve));
    }

    @Test
    void environmentsHaveGithubsShapeAndBadRulesAre422NamingTheField() {
        long eveId = server.userId(Http.token(eve));
        var created = put(
                "/environments/Staging",
                "{\"wait_timer\":5,\"prevent_self_review\":true,\"reviewers\":[{\"type\":\"User\",\"id\":" + eveId
                        + "}],\"deployment_branch_policy\":{\"protected_branches\":true,"
                        + "\"custom_branch_policies\":false}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var env =
                server.http.get(REPO + "/environments/staging", Http.token(eve)).json();
        assertThat(env.get("name").asText()).isEqualTo("Staging");
        assertThat(env.get("protection_rules"))
                .extracting(r -> r.get("type").asText())
                .containsExactly("required_reviewers", "wait_timer", "branch_policy");
        assertThat(env.get("protection_rules").get(0).get("prevent_self_review").asBoolean())
                .isTrue();
        assertThat(env.get("protection_rules")
                        .get(0)
                        .get("reviewers")
                        .get(0)
                        .get("reviewer")
                        .get("login")
                        .asText())
                .isEqualTo("eve");
        assertThat(env.get("protection_rules").get(1).get("wait_timer").asInt()).isEqualTo(5);
        assertThat(env.get("deployment_branch_policy").get("protected_branches").asBoolean())
                .isTrue();
        assertThat(server.http
                        .get(REPO + "/environments", Http.token(eve))
                        .json()
                        .get("total_count")
                        .asInt())
                .isPositive();

        var both = put(
                "/environments/x",
                "{\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":true}}");
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.json().get("message").asText()).contains("'deployment_branch_policy'");
        var team = put("/environments/x", "{\"reviewers\":[{\"type\":\"Team\",\"id\":1}]}");
        assertThat(team.status()).isEqualTo(422);
        assertThat(team.json().get("message").asText()).contains("'reviewers'").contains("teams");
        var nobody = put("/environments/x", "{\"reviewers\":[{\"type\":\"User\",\"id\":9999}]}");
        assertThat(nobody.json().get("message").asText()).contains("no user with id 9999");
        var vault = server.http.post("/api/v3/user/repos", "{\"name\":\"vault\",\"private\":true}", Http.token(eve));
        assertThat(vault.status()).as(vault.body()).isEqualTo(201);
        long malloryId = server.userId(Http.token(mallory));
        var outsider = server.http.put(
                "/api/v3/repos/eve/vault/environments/prod",
                "{\"reviewers\":[{\"type\":\"User\",\"id\":" + malloryId + "}]}",
                Http.token(eve));
        assertThat(outsider.status()).isEqualTo(422);
        assertThat(outsider.json().get("message").asText())
                .isEqualTo("'reviewers': mallory cannot read eve/vault; reviewers need at least read access");
        assertThat(put("/environments/x", "{\"wait_timer\":43201}")
                        .json()
                        .get("message")
                        .asText())
                .contains("'wait_timer'");
        var policy = server.http.post(
                REPO + "/environments/Staging/deployment-branch-policies", "{\"name\":\"main\"}", Http.token(eve));
        assertThat(policy.status()).isEqualTo(422);
        assertThat(policy.json().get("message").asText()).contains("custom_branch_policies");
        assertThat(server.http
                        .put(REPO + "/environments/Staging", "{}", Http.token(mallory))
                        .status())
                .isIn(403, 404);
        assertThat(server.http
                        .delete(REPO + "/environments/staging", Http.token(eve))
                        .status())
                .isEqualTo(204);
        assertThat(server.http
                        .get(REPO + "/environments/Staging", Http.token(eve))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void branchPoliciesAreListedRenamedAndDeleted() {
        put(
                "/environments/prod",
                "{\"deployment_branch_policy\":{\"protected_branches\":false,\"custom_branch_policies\":true}}");
        var path = REPO + "/environments/prod/deployment-branch-policies";
        var tag = server.http.post(path, "{\"name\":\"v*\",\"type\":\"tag\"}", Http.token(eve));
        assertThat(tag.status()).as(tag.body()).isEqualTo(200);
        assertThat(tag.json().get("type").asText()).isEqualTo("tag");
        assertThat(server.http
                        .post(path, "{\"name\":\"v*\",\"type\":\"tag\"}", Http.token(eve))
                        .status())
                .isEqualTo(422);
        assertThat(server.http
                        .post(path, "{\"name\":\"x\",\"type\":\"commit\"}", Http.token(eve))
                        .json()
                        .get("message")
                        .asText())
                .contains("'type'");
        long id = tag.json().get("id").asLong();
        var renamed = server.http.put(path + "/" + id, "{\"name\":\"release-*\"}", Http.token(eve));
        assertThat(renamed.json().get("name").asText()).isEqualTo("release-*");
        var list = server.http.get(path, Http.token(eve)).json();
        assertThat(list.get("total_count").asInt()).isEqualTo(1);
        assertThat(list.get("branch_policies").get(0).get("name").asText()).isEqualTo("release-*");
        assertThat(server.http.delete(path + "/" + id, Http.token(eve)).status())
                .isEqualTo(204);
        assertThat(server.http.get(path + "/" + id, Http.token(eve)).status()).isEqualTo(404);
    }

    @Test
    void jobsOfAnEnvironmentSeeItsSecretsAndVariablesAndRecordDeployments() {
        assertThat(put("/environments/preview", "{}").status()).isEqualTo(200);
        assertThat(server.http
                        .put(REPO + "/actions/secrets/TOKEN", "{\"data\":\"repo-token\"}", Http.token(eve))
                        .status())
                .isEqualTo(201);
        assertThat(put("/environments/preview/secrets/TOKEN", "{\"data\":\"env-token\"}")
                        .status())
                .isEqualTo(201);
        assertThat(server.http
                        .post(REPO + "/actions/variables", "{\"name\":\"REGION\",\"value\":\"eu\"}", Http.token(eve))
                        .status())
                .isEqualTo(201);
        var envVar = server.http.post(
                REPO + "/environments/preview/variables", "{\"name\":\"REGION\",\"value\":\"us\"}", Http.token(eve));
        assertThat(envVar.status()).as(envVar.body()).isEqualTo(201);
        assertThat(server.http
                        .get(REPO + "/environments/preview/secrets", Http.token(eve))
                        .json()
                        .get("secrets")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("TOKEN");
        assertThat(server.http
                        .get(REPO + "/environments/nowhere/secrets", Http.token(eve))
                        .status())
                .isEqualTo(404);

        var first = server.dispatchAndAwait("eve/site", "publish.yml", Http.token(eve));
        assertThat(first.get("conclusion").asText()).isEqualTo("success");
        var logs = server.jobLogs("eve/site", Http.token(eve), first.get("id").asLong());
        assertThat(logs.get("preview"))
                .contains("token-is-env=true region=us")
                .contains("[command]Environment preview: http://preview.local/"
                        + first.get("run_number").asLong());
        assertThat(logs.get("other")).contains("token-is-repo=true region=eu");
        var number = first.get("run_number").asLong();
        assertThat(server.http
                        .get(REPO + "/environments/review-" + number, Http.token(eve))
                        .status())
                .isEqualTo(200);
        assertThat(server.http
                        .get(REPO + "/deployments?environment=review-" + number, Http.token(eve))
                        .json())
                .isEmpty();

        var second = server.dispatchAndAwait("eve/site", "publish.yml", Http.token(eve));
        assertThat(second.get("conclusion").asText()).isEqualTo("success");
        var deployments = server.http
                .get(REPO + "/deployments?environment=preview", Http.token(eve))
                .json();
        assertThat(deployments).hasSize(2);
        assertThat(deployments.get(0).get("run_id").asLong())
                .isEqualTo(second.get("id").asLong());
        assertThat(deployments.get(0).get("task").asText()).isEqualTo("deploy");
        assertThat(deployments.get(0).get("sha").asText())
                .isEqualTo(second.get("head_sha").asText());
        var newest = statuses(deployments.get(0).get("id").asLong());
        assertThat(newest.get(0).get("state").asText()).isEqualTo("success");
        assertThat(newest.get(0).get("environment_url").asText())
                .isEqualTo("http://preview.local/" + second.get("run_number").asLong());
        var older = statuses(deployments.get(1).get("id").asLong());
        assertThat(older)
                .extracting(s -> s.get("state").asText())
                .containsExactly("inactive", "success", "in_progress", "queued");
        assertThat(server.http
                        .get(
                                REPO + "/deployments?sha="
                                        + second.get("head_sha").asText() + "&ref=main",
                                Http.token(eve))
                        .json())
                .hasSize(2);
    }

    private static com.fasterxml.jackson.databind.JsonNode statuses(long deploymentId) {
        return server.http
                .get(REPO + "/deployments/" + deploymentId + "/statuses", Http.token(eve))
                .json();
    }
}
