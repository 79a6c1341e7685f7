package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in setup actions in {@code slipway run}, in a JVM of its own whose environment names a tool cache made for
 * the test, as a machine set up for GitHub's runner names its own.
 */
class SetupActionsIT extends WorkflowRunIT {

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code workflow} with {@code RUNNER_TOOL_CACHE} set to {@code cache}; its exit status and output. */
    private Cli.Result runWithToolCache(Path cache, String workflow) throws Exception {
        repo.file(".github/workflows/ci.yml", workflow).commit("workflow");
        Process p = Cli.runInNewJvm(state, repo.dir(), Map.of("RUNNER_TOOL_CACHE", cache.toString()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Cli.Result(p.waitFor(), out, "");
    }

    @Test
    void setupNodeFindsNodeInTheToolCacheTheHostNamesAndNamesItWhenNoneMatches() throws Exception {
        Path cache = tmp.resolve("toolcache");
        script(cache.resolve("node/24.99.0/x64/bin/node"), "echo v24.99.0");

        Cli.Result r = runWithToolCache(cache, """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - id: node
                        uses: actions/setup-node@v4
                        with:
                          node-version: 24
                      - run: echo "got ${{ steps.node.outputs.node-version }} cache=${{ runner.tool_cache }} env=$RUNNER_TOOL_CACHE"
                      - uses: actions/setup-node@v4
                        with:
                          node-version: 4
                """);

        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out())
                .contains("got v24.99.0 cache=" + cache + " env=" + cache)
                .contains("or put it in the tool cache as " + cache + "/node/<version>/x64");
    }
}
