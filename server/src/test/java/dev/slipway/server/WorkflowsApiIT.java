package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GitHub's workflows API (ids, one workflow's runs, disable and enable, dispatch by id) and the status badge, against
 * a real server and real pushes.
 */
class WorkflowsApiIT extends AliceServer {
    private static final String CI = """
            name: Shop CI
            on: [push, workflow_dispatch]
            jobs:
              test:
                runs-on: ubuntu-latest
                steps: [{run: 'test "$GITHUB_REF_NAME" != broken'}]
            """;
    private static final String NIGHTLY = """
            name: Nightly
            on: workflow_dispatch
            jobs:
              build:
                runs-on: ubuntu-latest
                steps: [{run: echo nightly}]
            """;
    private static final String API = "/api/v3/repos/alice/shop/actions";

    @Test
    void workflowsHaveIdsRunsAStateAndABadge() throws Exception {
        Path work = dir.resolve("work");
        server.pushNewRepository(
                "alice", alice, "shop", work, ".github/workflows/ci.yml", CI, ".github/workflows/nightly.yml", NIGHTLY);
        var auth = Http.token(alice);
        server.awaitRun(API + "/runs", auth, r -> r.get("status").asText().equals("completed"));

        var list = server.http.get(API + "/workflows", auth).json();
        assertThat(list.get("total_count").asInt()).isEqualTo(2);
        JsonNode ci = list.get("workflows").get(0);
        assertThat(ci.get("name").asText()).isEqualTo("Shop CI");
        assertThat(ci.get("path").asText()).isEqualTo(".github/workflows/ci.yml");
        assertThat(ci.get("state").asText()).isEqualTo("active");
        assertThat(ci.get("badge_url").asText()).endsWith("/alice/shop/actions/workflows/ci.yml/badge.svg");
        long id = ci.get("id").asLong();
        // the same id by number and by file name, and again on the next listing
        assertThat(server.http
                        .get(API + "/workflows/" + id, auth)
                        .json()
                        .get("path")
                        .asText())
                .isEqualTo(".github/workflows/ci.yml");
        assertThat(server.http
                        .get(API + "/workflows/ci.yml", auth)
                        .json()
                        .get("id")
                        .asLong())
                .isEqualTo(id);
        assertThat(server.http
                        .get(API + "/workflows", auth)
                        .json()
                        .get("workflows")
                        .get(0)
                        .get("id")
                        .asLong())
                .isEqualTo(id);
        assertThat(server.http.get(API + "/workflows/missing.yml", auth).status())
                .isEqualTo(404);

        var ciRuns = server.http.get(API + "/workflows/" + id + "/runs", auth).json();
        assertThat(ciRuns.get("total_count").asInt()).isEqualTo(1);
        assertThat(ciRuns.get("workflow_runs").get(0).get("path").asText()).isEqualTo(".github/workflows/ci.yml");
        assertThat(ciRuns.get("workflow_runs").get(0).get("workflow_id").asLong())
                .isEqualTo(id);
        assertThat(ciRuns.get("workflow_runs").get(0).get("workflow_url").asText())
                .endsWith("/api/v3/repos/alice/shop/actions/workflows/" + id);
        assertThat(server.http
                        .get(API + "/workflows/nightly.yml/runs", auth)
                        .json()
                        .get("total_count")
                        .asInt())
                .isZero();

        // the badge: passing on main; a failing run on another branch does not change it, ?branch= shows it
        var badge = server.http.get("/alice/shop/actions/workflows/ci.yml/badge.svg", Optional.empty());
        assertThat(badge.status()).isEqualTo(200);
        assertThat(badge.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(badge.body()).contains("Shop CI: passing").startsWith("<svg");
        var git = new GitCli(dir.resolve("home"));
        var url = server.cloneUrl("alice/shop", Optional.of(alice));
        git.run(work, "push", "-q", url, "main:broken").ok();
        server.awaitRun(
                API + "/runs?branch=broken", auth, r -> r.get("status").asText().equals("completed"));
        assertThat(server.http
                        .get("/alice/shop/actions/workflows/ci.yml/badge.svg", Optional.empty())
                        .body())
                .contains("Shop CI: passing");
        assertThat(server.http
                        .get("/alice/shop/actions/workflows/ci.yml/badge.svg?branch=broken", Optional.empty())
                        .body())
                .contains("Shop CI: failing");
        assertThat(server.http
                        .get("/alice/shop/actions/workflows/nightly.yml/badge.svg", Optional.empty())
                        .body())
                .contains("nightly.yml: no status");

        // disabled: a push starts no run and a dispatch is refused, naming the workflow; enabled again, both work
        assertThat(server.http
                        .put(API + "/workflows/" + id + "/disable", "", auth)
                        .status())
                .isEqualTo(204);
        assertThat(server.http
                        .get(API + "/workflows/" + id, auth)
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("disabled_manually");
        var refused = server.http.post(API + "/workflows/" + id + "/dispatches", "{\"ref\":\"main\"}", auth);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("workflow .github/workflows/ci.yml is disabled");
        int before =
                server.http.get(API + "/runs", auth).json().get("total_count").asInt();
        Files.writeString(work.resolve("README.md"), "more\n");
        git.run(work, "add", "README.md").ok();
        git.run(work, "commit", "-q", "-m", "more").ok();
        git.run(work, "push", "-q", url, "main").ok();
        // the push has been handled once the push is done; a run it started would be listed by now
        assertThat(server.http
                        .get(API + "/runs", auth)
                        .json()
                        .get("total_count")
                        .asInt())
                .isEqualTo(before);

        assertThat(server.http.put(API + "/workflows/ci.yml/enable", "", auth).status())
                .isEqualTo(204);
        var dispatched = server.http.post(API + "/workflows/" + id + "/dispatches", "{\"ref\":\"main\"}", auth);
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var run = server.awaitRun(
                API + "/runs?event=workflow_dispatch",
                auth,
                r -> r.get("status").asText().equals("completed"));
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        assertThat(run.get("path").asText()).isEqualTo(".github/workflows/ci.yml");
    }

    @Test
    void aPrivateRepositorysWorkflowsAndBadgeAreForItsReadersOnly() {
        server.pushNewPrivateRepository(
                "alice", alice, "secret", dir.resolve("secret"), ".github/workflows/ci.yml", CI);
        assertThat(server.http
                        .get("/alice/secret/actions/workflows/ci.yml/badge.svg", Optional.empty())
                        .status())
                .isEqualTo(404);
        assertThat(server.http
                        .get("/api/v3/repos/alice/secret/actions/workflows", Optional.empty())
                        .status())
                .isEqualTo(404);
        // a public repository's workflows are anyone's to read and its writers' to disable
        server.pushNewRepository("alice", alice, "open", dir.resolve("open"), ".github/workflows/ci.yml", CI);
        var bob = server.userWithToken("bob");
        assertThat(server.http
                        .get("/api/v3/repos/alice/open/actions/workflows/ci.yml", Http.token(bob))
                        .status())
                .isEqualTo(200);
        assertThat(server.http
                        .put("/api/v3/repos/alice/open/actions/workflows/ci.yml/disable", "", Http.token(bob))
                        .status())
                .isEqualTo(403);
    }
}
