package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs use the actions hosted on the server itself ({@code uses: owner/repo[/path]@ref}) when no action source has
 * them, as Gitea's and Forgejo's do: from a public repository or from the job's own; another private repository is
 * not readable through {@code uses:}, and a ref the repository lacks is named.
 */
class ServerHostedActionsIT {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static String team;
    private static String mallory;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        team = server.userWithToken("team");
        mallory = server.userWithToken("mallory");
        server.pushNewRepository("team", team, "greet", dir.resolve("greet"), "action.yml", """
                name: greet
                inputs:
                  who: {default: world}
                runs:
                  using: composite
                  steps:
                    - run: echo "HELLO-FROM-SERVER ${{ inputs.who }}"
                      shell: bash
                """);
        server.pushNewPrivateRepository(
                "mallory",
                mallory,
                "secret",
                dir.resolve("secret"),
                "hello/action.yml",
                """
                name: secret
                inputs:
                  who: {default: nobody}
                runs:
                  using: composite
                  steps:
                    - run: echo "PRIVATE-ACTION-RAN ${{ inputs.who }}"
                      shell: bash
                """,
                ".github/workflows/own.yml",
                """
                on: push
                jobs:
                  own:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: mallory/secret/hello@main
                        with: {who: its-own-repository}
                """);
        server.pushNewRepository("team", team, "app", dir.resolve("app"), ".github/workflows/uses.yml", """
                on: push
                jobs:
                  greet:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: team/greet@main
                        with: {who: slipway}
                  private:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: mallory/secret/hello@main
                        with: {who: a-stranger}
                  no-such-tag:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: team/greet@v9
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJobUsesAnActionOfAPublicRepositoryOnTheServer() {
        var greet = jobs("team/app", team).get("greet");
        assertThat(greet.conclusion()).as(greet.log()).isEqualTo("success");
        assertThat(greet.log()).contains("HELLO-FROM-SERVER slipway");
    }

    @Test
    void anotherPrivateRepositorysActionIsNotReadableAndTheJobSaysSo() {
        var stranger = jobs("team/app", team).get("private");
        assertThat(stranger.conclusion()).isEqualTo("failure");
        assertThat(stranger.log())
                .contains("mallory/secret/hello@main")
                .contains("does not exist or is private")
                .doesNotContain("PRIVATE-ACTION-RAN")
                .doesNotContain("using: composite");
    }

    @Test
    void aRefTheRepositoryLacksIsNamed() {
        var noTag = jobs("team/app", team).get("no-such-tag");
        assertThat(noTag.conclusion()).isEqualTo("failure");
        assertThat(noTag.log())
                .contains("team/greet@v9")
                .contains("ref 'v9' (tag, branch or commit) not found in the server's repository team/greet");
    }

    @Test
    void aJobUsesAnActionOfItsOwnPrivateRepository() {
        var own = jobs("mallory/secret", mallory).get("own");
        assertThat(own.conclusion()).as(own.log()).isEqualTo("success");
        assertThat(own.log()).contains("PRIVATE-ACTION-RAN its-own-repository");
    }

    private record Job(String conclusion, String log) {}

    /** The jobs of the completed push run of {@code fullName}, by name. */
    private static Map<String, Job> jobs(String fullName, String token) {
        var run = RunWait.completed(server, fullName, Http.token(token), "event=push");
        var logs = server.jobLogs(fullName, Http.token(token), run.get("id").asLong());
        var byName = new LinkedHashMap<String, Job>();
        for (var job : server.http
                .get(
                        "/api/v3/repos/" + fullName + "/actions/runs/"
                                + run.get("id").asLong() + "/jobs",
                        Http.token(token))
                .json()
                .get("jobs")) {
            var name = job.get("name").asText();
            byName.put(name, new Job(job.get("conclusion").asText(), logs.get(name)));
        }
        return byName;
    }
}
