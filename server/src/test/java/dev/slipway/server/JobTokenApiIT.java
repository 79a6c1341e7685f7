package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's {@code GITHUB_TOKEN} calls the REST API at {@code $GITHUB_API_URL} as on GitHub: in its own repository,
 * within what the job's {@code permissions:} give, acting as {@code github-actions[bot]}; nothing outside it, no
 * repository administration, and nothing at all once the job has ended.
 */
class JobTokenApiIT {
    // probe WHAT METHOD PATH [BODY]: prints the answer's status and message
    static final String PROBE = """
                steps:
                  - env:
                      TOKEN: ${{ github.token }}
                    run: |
                      probe() {
                        code=$(curl -s -o answer.json -w '%{http_code}' -X "$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data "${4:-}" "$GITHUB_API_URL$3")
                        echo "probe $1: $code $(head -c 300 answer.json | tr -d '\\n' | tr -c '[:print:]' '.')"
                      }
                      echo "api: $GITHUB_API_URL"
            """;
    private static final String STATUS = "'{\"state\":\"success\",\"context\":\"%s\"}'";
    // pull_request too: the pull request a job opens must not start a run
    private static final String WORKFLOW = "on: [workflow_dispatch, pull_request]\njobs:\n"
            + "  default:\n    runs-on: ubuntu-latest\n" + PROBE
            + probe("repo", "GET", "/repos/alice/shop")
            + probe("status", "POST", "/repos/alice/shop/statuses/$GITHUB_SHA", STATUS.formatted("from-job"))
            + probe("runs", "GET", "/repos/alice/shop/actions/runs")
            + probe("user", "GET", "/user")
            + probe("tokens", "POST", "/user/tokens", "'{\"name\":\"escape\"}'")
            + probe("private", "GET", "/repos/alice/vault")
            + probe("public", "GET", "/repos/alice/open")
            + probe("public-status", "POST", "/repos/alice/open/statuses/main", STATUS.formatted("elsewhere"))
            + probe("secrets", "GET", "/repos/alice/shop/actions/secrets")
            + probe("pull", "POST", "/repos/alice/shop/pulls", "'{\"title\":\"From a job\",\"head\":\"feature\"}'")
            + probe("auto-merge", "PUT", "/repos/alice/shop/pulls/1/auto-merge", "'{\"merge_method\":\"squash\"}'")
            + "                      echo \"$TOKEN\" > '@DIR@/token'\n"
            + "  contents-read:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n" + PROBE
            + probe("repo", "GET", "/repos/alice/shop")
            + probe("status", "POST", "/repos/alice/shop/statuses/$GITHUB_SHA", STATUS.formatted("refused"))
            + probe("runs", "GET", "/repos/alice/shop/actions/runs")
            + "  statuses-write:\n    runs-on: ubuntu-latest\n    permissions: {statuses: write}\n" + PROBE
            + probe("repo", "GET", "/repos/alice/shop")
            + probe("status", "POST", "/repos/alice/shop/statuses/$GITHUB_SHA", STATUS.formatted("statuses-only"))
            + probe("commits", "GET", "/repos/alice/shop/commits");
    private static final String ACTIONS = "/api/v3/repos/alice/shop/actions";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = server.userWithToken("alice");
        var workflow = WORKFLOW.replace("@DIR@", dir.toString());
        var work = dir.resolve("work");
        server.pushNewPrivateRepository("alice", alice, "shop", work, ".github/workflows/probe.yml", workflow);
        var git = new GitCli(work.resolveSibling("home"));
        git.run(work, "checkout", "-q", "-b", "feature").ok();
        git.commit(work, "a feature", "feature.txt", "new\n");
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "feature")
                .ok();
        for (var repo : new String[] {"{\"name\":\"vault\",\"private\":true}", "{\"name\":\"open\"}"}) {
            var created = server.http.post("/api/v3/user/repos", repo, Http.token(alice));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String probe(String what, String method, String path) {
        return probe(what, method, path, "");
    }

    private static String probe(String what, String method, String path, String body) {
        return "                      probe " + what + " " + method + " " + path + (body.isEmpty() ? "" : " " + body)
                + "\n";
    }

    @Test
    void aJobsTokenCallsTheApiOfItsOwnRepositoryWithinItsPermissions() throws Exception {
        var run = server.dispatchAndAwait("alice/shop", "probe.yml", Http.token(alice));
        var logs = server.jobLogs("alice/shop", Http.token(alice), run.get("id").asLong());
        var all = logs.get("default");

        assertThat(all).containsPattern("api: http://[^\\s]+:\\d+/api/v3\\s");
        // no permissions: GitHub's permissive default, its own repository read and written
        assertThat(all).contains("probe repo: 200", "probe status: 201", "probe runs: 200");
        // nothing outside repositories, whatever the permissions
        assertThat(all).contains("probe user: 403 {\"message\":\"A job's GITHUB_TOKEN");
        assertThat(all).contains("probe tokens: 403 {\"message\":\"A job's GITHUB_TOKEN");
        // another repository: what anyone may (a private one is not found, a public one read but not written)
        assertThat(all).contains("probe private: 404", "probe public: 200");
        assertThat(all)
                .contains("probe public-status: 403 {\"message\":\"A job's GITHUB_TOKEN acts only on alice/shop");
        // repository administration: never
        assertThat(all).contains("probe secrets: 403 {\"message\":\"A job's GITHUB_TOKEN may not");

        var contents = logs.get("contents-read");
        assertThat(contents).contains("probe repo: 200");
        assertThat(contents)
                .contains("probe status: 403 {\"message\":\"The job's GITHUB_TOKEN lacks statuses: write"
                        + " (its permissions: contents: read)");
        assertThat(contents).contains("probe runs: 403 {\"message\":\"The job's GITHUB_TOKEN lacks actions: read");

        // the repository's metadata is always readable, as on GitHub; its commits need contents
        var statuses = logs.get("statuses-write");
        assertThat(statuses).contains("probe repo: 200", "probe status: 201");
        assertThat(statuses).contains("probe commits: 403 {\"message\":\"The job's GITHUB_TOKEN lacks contents: read");

        // the pull request the job opened is the bot's, merged at once by the auto-merge it enabled (nothing blocks
        // it), and neither started a run (as on GitHub, to keep runs from setting each other off)
        assertThat(all).contains("probe pull: 201", "probe auto-merge: 200");
        var pull = server.http
                .get("/api/v3/repos/alice/shop/pulls/1", Http.token(alice))
                .json();
        assertThat(pull.get("user").get("login").asText()).isEqualTo("github-actions[bot]");
        assertThat(pull.get("merged").asBoolean()).as(pull.toString()).isTrue();
        assertThat(pull.get("merged_by").get("login").asText()).isEqualTo("github-actions[bot]");
        assertThat(server.http
                        .get(ACTIONS + "/runs", Http.token(alice))
                        .json()
                        .get("total_count")
                        .asInt())
                .isEqualTo(1);

        // the statuses the jobs posted (beside the server's own, of the jobs), created by the bot the token acts as
        var posted = server.http
                .get(
                        "/api/v3/repos/alice/shop/commits/"
                                + run.get("head_sha").asText() + "/statuses",
                        Http.token(alice))
                .json();
        var creators = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        posted.forEach(s -> creators.put(s.get("context").asText(), s.get("creator")));
        assertThat(creators).containsKeys("from-job", "statuses-only").doesNotContainKeys("refused", "elsewhere");
        for (var context : java.util.List.of("from-job", "statuses-only")) {
            assertThat(creators.get(context).get("login").asText()).isEqualTo("github-actions[bot]");
            assertThat(creators.get(context).get("type").asText()).isEqualTo("Bot");
        }

        // once the job has ended, its token is worth nothing
        var token = Files.readString(dir.resolve("token")).strip();
        assertThat(token).startsWith("slj_");
        var after = server.http.get("/api/v3/repos/alice/shop", Http.token(token));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).contains("Bad credentials");
    }
}
