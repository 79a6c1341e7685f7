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
 * A run's {@code head_branch} and {@code display_title} as GitHub gives them: the branch, the tag's short name or the
 * pull request's head branch; the rendered {@code run-name}, else the head commit's subject, the pull request's title
 * or the workflow's name.
 */
class RunHeadsIT {
    private static final String CI = """
            name: CI
            on:
              push:
              pull_request:
              workflow_dispatch:
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo built
            """;
    private static final String RELEASE = """
            name: Release
            run-name: Release ${{ github.ref_name }} by @${{ github.actor }} (#${{ github.run_number }})
            on:
              push:
                tags: ['v*']
            jobs:
              publish:
                runs-on: ubuntu-latest
                steps:
                  - run: echo published
            """;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static GitCli git;
    private static Path work;
    private static String dave;
    private static String mainSha;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        dave = server.userWithToken("dave");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\"}", Http.token(dave));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        git = new GitCli(dir.resolve("home"));
        work = git.init(dir.resolve("work"));
        mainSha = git.commit(
                work,
                "Add the pipelines\n\nCI on every push, releases on tags.",
                ".github/workflows/ci.yml",
                CI,
                ".github/workflows/release.yml",
                RELEASE);
        git.run(work, "remote", "add", "origin", server.cloneUrl("dave/svc", Optional.of(dave)))
                .ok();
        git.run(work, "push", "-q", "origin", "main").ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBranchPushIsTitledByItsHeadCommitsSubject() {
        var run = awaitRun("event=push&branch=main");
        assertThat(run.get("head_branch").asText()).isEqualTo("main");
        assertThat(run.get("head_sha").asText()).isEqualTo(mainSha);
        assertThat(run.get("display_title").asText()).isEqualTo("Add the pipelines");
        assertThat(run.get("name").asText()).isEqualTo("CI");
    }

    @Test
    void aTagPushReportsTheTagAsItsHeadBranch() {
        git.run(work, "tag", "v1.2.0", mainSha).ok();
        git.run(work, "push", "-q", "origin", "v1.2.0").ok();

        var release = awaitRun("event=push&branch=v1.2.0", "release.yml");
        assertThat(release.get("head_branch").asText()).isEqualTo("v1.2.0");
        assertThat(release.get("head_sha").asText()).isEqualTo(mainSha);
        assertThat(release.get("display_title").asText())
                .isEqualTo(
                        "Release v1.2.0 by @dave (#" + release.get("run_number").asLong() + ")");
        var one = server.http.get(
                "/api/v3/repos/dave/svc/actions/runs/" + release.get("id").asLong(), Http.token(dave));
        assertThat(one.json().get("display_title").asText())
                .isEqualTo(release.get("display_title").asText());
        assertThat(one.json().get("head_branch").asText()).isEqualTo("v1.2.0");

        // the tag brings no new commit, yet the run is titled by the commit it points at, as on GitHub
        var ci = awaitRun("event=push&branch=v1.2.0", "ci.yml");
        assertThat(ci.get("display_title").asText()).isEqualTo("Add the pipelines");
    }

    @Test
    void aPullRequestRunReportsItsHeadBranchAndTitle() {
        git.run(work, "checkout", "-q", "-b", "faster", mainSha).ok();
        var head = git.commit(work, "Cache the dependencies", "cache.txt", "on\n");
        git.run(work, "push", "-q", "origin", "faster").ok();
        git.run(work, "checkout", "-q", "main").ok();
        var opened = server.http.post(
                "/api/v3/repos/dave/svc/pulls",
                "{\"title\":\"Make the build faster\",\"head\":\"faster\",\"base\":\"main\"}",
                Http.token(dave));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);

        var run = awaitRun("event=pull_request");
        assertThat(run.get("head_branch").asText()).isEqualTo("faster");
        assertThat(run.get("head_sha").asText()).isEqualTo(head);
        assertThat(run.get("display_title").asText()).isEqualTo("Make the build faster");
        assertThat(awaitRun("event=pull_request&branch=faster").get("id")).isEqualTo(run.get("id"));
    }

    @Test
    void aDispatchedRunIsTitledByItsWorkflow() {
        var dispatched = server.http.post(
                "/api/v3/repos/dave/svc/actions/workflows/ci.yml/dispatches", "{\"ref\":\"main\"}", Http.token(dave));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);

        var run = awaitRun("event=workflow_dispatch");
        assertThat(run.get("head_branch").asText()).isEqualTo("main");
        assertThat(run.get("display_title").asText()).isEqualTo("CI");
    }

    /** The newest run matching {@code query}, once there is one. */
    private static JsonNode awaitRun(String query) {
        return server.awaitRun("/api/v3/repos/dave/svc/actions/runs?" + query, Http.token(dave), r -> true);
    }

    /** The run of workflow file {@code file} among those matching {@code query}, once there is one. */
    private static JsonNode awaitRun(String query, String file) {
        var runs = "/api/v3/repos/dave/svc/actions/runs?" + query;
        var path = ".github/workflows/" + file;
        server.awaitRun(
                runs,
                Http.token(dave),
                r -> runOf(server.http.get(runs, Http.token(dave)).json(), path) != null);
        return runOf(server.http.get(runs, Http.token(dave)).json(), path);
    }

    private static JsonNode runOf(JsonNode list, String path) {
        for (var run : list.get("workflow_runs")) {
            if (run.get("path").asText().equals(path)) {
                return run;
            }
        }
        return null;
    }
}
