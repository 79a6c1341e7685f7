package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's jobs find the actions they name ({@code uses: owner/repo@ref}) in the action source it was started with
 * ({@code --action-source}, {@code SLIPWAY_ACTION_SOURCE}), as {@code slipway run} does: none could be used before.
 */
class ServerActionSourceIT {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static String erin;

    @BeforeAll
    static void start() throws Exception {
        Path action = Files.createDirectories(dir.resolve("actions/octo/hello@v1"));
        Files.writeString(action.resolve("action.yml"), """
                name: hello
                inputs:
                  who: {default: world}
                runs:
                  using: composite
                  steps:
                    - run: echo "HELLO-FROM-ACTION ${{ inputs.who }}"
                      shell: bash
                """);
        server = TestServer.start(
                dir.resolve("data"),
                Optional.empty(),
                List.of(dir.resolve("actions").toString()));
        erin = server.userWithToken("erin");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"app\"}", Http.token(erin));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/hello.yml", """
                name: hello
                on: push
                jobs:
                  greet:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: octo/hello@v1
                        with: {who: slipway}
                  broken:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: octo/missing@v1
                """);
        git.run(work, "push", "-q", server.cloneUrl("erin/app", Optional.of(erin)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJobRunsAnActionOfTheActionSourceAndAMissingOneNamesWhereItWasLookedFor() {
        var run = RunWait.completed(server, "erin/app", Http.token(erin), "event=push");
        var jobs = server.http
                .get("/api/v3/repos/erin/app/actions/runs/" + run.get("id").asLong() + "/jobs", Http.token(erin))
                .json()
                .get("jobs");
        StringBuilder greet = new StringBuilder();
        StringBuilder broken = new StringBuilder();
        for (var job : jobs) {
            String log = server.http
                    .get("/api/v3/repos/erin/app/actions/jobs/" + job.get("id").asLong() + "/logs", Http.token(erin))
                    .body();
            (job.get("name").asText().equals("greet") ? greet : broken).append(log);
        }
        assertThat(greet.toString()).contains("HELLO-FROM-ACTION slipway");
        assertThat(broken.toString())
                .contains("octo/missing@v1")
                .contains(dir.resolve("actions").toString());
        assertThat(run.get("conclusion").asText()).isEqualTo("failure");
    }
}
