package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's release workflow, as it is written there: a tag push builds files and publishes them as a release with
 * the job's own GITHUB_TOKEN ({@code permissions: contents: write}), through the REST API.
 */
class ReleaseWorkflowIT {
    private static final String MAKEFILE = "dist:\n\tmkdir -p dist\n\tprintf 'techhub build\\n' > dist/techhub.txt\n"
            + "\tgit rev-parse HEAD > dist/revision.txt\n";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = server.userWithToken("alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The YAML block the README introduces as the one this test runs. */
    static String readmeWorkflow() throws IOException {
        var readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("(`ReleaseWorkflowIT` runs this one)");
        assertThat(at).as("the README's release workflow").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static final String ON_RELEASE = """
            on:
              release:
                types: [published]
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "deploying ${{ github.event.release.tag_name }} (${{ github.event.action }}) at $GITHUB_REF"
            """;

    private static final String ON_TAG = """
            on:
              push:
                tags: ["v*"]
            jobs:
              tagged:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "tag pushed at $GITHUB_REF"
            """;

    @Test
    void publishingAReleaseRunsTheWorkflowsOnReleaseAndOnItsNewTagsPush() throws InterruptedException {
        Path work = dir.resolve("work-deploy");
        server.pushNewRepository(
                "alice",
                alice,
                "deploy",
                work,
                ".github/workflows/deploy.yml",
                ON_RELEASE,
                ".github/workflows/tagged.yml",
                ON_TAG);
        var releases = "/api/v3/repos/alice/deploy/releases";
        // a draft is "created", which deploy.yml does not take, and its tag waits for the publication
        var draft = server.http.post(releases, "{\"tag_name\":\"v2.0.0\",\"draft\":true}", Http.token(alice));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        var runs = "/api/v3/repos/alice/deploy/actions/runs";
        assertThat(server.http
                        .get(runs, Http.token(alice))
                        .json()
                        .get("total_count")
                        .asInt())
                .isZero();

        var published = server.http.patch(
                releases + "/" + draft.json().get("id").asLong(), "{\"draft\":false}", Http.token(alice));
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        var byEvent = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        var deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        while (java.time.Instant.now().isBefore(deadline)) {
            byEvent.clear();
            server.http
                    .get(runs, Http.token(alice))
                    .json()
                    .get("workflow_runs")
                    .forEach(r -> byEvent.put(
                            r.get("event").asText() + " " + r.get("status").asText(), r));
            if (byEvent.containsKey("release completed") && byEvent.containsKey("push completed")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(byEvent).containsOnlyKeys("release completed", "push completed");
        var release = byEvent.get("release completed");
        assertThat(release.get("conclusion").asText()).isEqualTo("success");
        assertThat(server.jobLogs(
                                "alice/deploy",
                                Http.token(alice),
                                release.get("id").asLong())
                        .get("deploy"))
                .contains("deploying v2.0.0 (published) at refs/tags/v2.0.0");
        var push = byEvent.get("push completed");
        assertThat(push.get("head_branch").asText()).isEqualTo("v2.0.0");
        assertThat(server.jobLogs(
                                "alice/deploy",
                                Http.token(alice),
                                push.get("id").asLong())
                        .get("tagged"))
                .contains("tag pushed at refs/tags/v2.0.0");
    }

    @Test
    void aTagPushPublishesTheReleaseWithItsFilesUsingTheJobsToken() throws IOException {
        Path work = dir.resolve("work");
        // the release the job publishes starts no run of deploy.yml: what a job's token does starts none
        server.pushNewRepository(
                "alice",
                alice,
                "techhub",
                work,
                ".github/workflows/release.yml",
                readmeWorkflow(),
                "Makefile",
                MAKEFILE,
                ".github/workflows/deploy.yml",
                ON_RELEASE);
        var git = new GitCli(dir.resolve("home"));
        git.run(work, "tag", "v1.2.0").ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/techhub", Optional.of(alice)), "v1.2.0")
                .ok();
        var run = server.awaitRun(
                "/api/v3/repos/alice/techhub/actions/runs",
                Http.token(alice),
                r -> r.get("status").asText().equals("completed"));
        var logs =
                server.jobLogs("alice/techhub", Http.token(alice), run.get("id").asLong());
        assertThat(run.get("conclusion").asText()).as(logs.toString()).isEqualTo("success");

        var release = server.http.get("/api/v3/repos/alice/techhub/releases/tags/v1.2.0", Http.token(alice));
        assertThat(release.status()).as(release.body()).isEqualTo(200);
        assertThat(release.json().get("author").get("login").asText()).isEqualTo("github-actions[bot]");
        var names = new java.util.ArrayList<String>();
        release.json().get("assets").forEach(a -> names.add(a.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("techhub.txt", "revision.txt");
        var download = server.http.get("/alice/techhub/releases/download/v1.2.0/techhub.txt", Http.token(alice));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("techhub build\n");
        var all = server.http
                .get("/api/v3/repos/alice/techhub/actions/runs", Http.token(alice))
                .json();
        assertThat(all.get("total_count").asInt()).as(all.toString()).isEqualTo(1);
    }
}
