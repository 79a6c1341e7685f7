package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

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
        server.pushNewRepository("erin", erin, "app", dir.resolve("work"), ".github/workflows/hello.yml", """
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
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJobRunsAnActionOfTheActionSourceAndAMissingOneNamesWhereItWasLookedFor() {
        var run = RunWait.completed(server, "erin/app", Http.token(erin), "event=push");
        var logs = server.jobLogs("erin/app", Http.token(erin), run.get("id").asLong());
        assertThat(logs.get("greet")).contains("HELLO-FROM-ACTION slipway");
        assertThat(logs.get("broken"))
                .contains("octo/missing@v1")
                .contains(dir.resolve("actions").toString());
        assertThat(run.get("conclusion").asText()).isEqualTo("failure");
    }
}
