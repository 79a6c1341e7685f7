package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The built-in setup actions and Node.js actions in {@code slipway run}, in a JVM of its own whose environment names a
 * tool cache made for the test, as a machine set up for GitHub's runner names its own.
 */
class ToolCacheIT extends WorkflowRunIT {
    private static final Path HOST_NODE = Path.of("/usr/bin/node");

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code workflow} with {@code RUNNER_TOOL_CACHE} set to {@code cache}; its exit status and output. */
    private Cli.Result runWithToolCache(Path cache, String workflow) throws Exception {
        return runWith(Map.of("RUNNER_TOOL_CACHE", cache.toString()), workflow);
    }

    /** Runs {@code workflow} with {@code env} added to the environment; its exit status and output. */
    private Cli.Result runWith(Map<String, String> env, String workflow) throws Exception {
        repo.file(".github/workflows/ci.yml", workflow).commit("workflow");
        Process p = Cli.runInNewJvm(state, repo.dir(), env);
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

    /** A {@code node} that says it is {@code version} and runs this machine's Node.js for anything else. */
    private static void node(Path file, String version) throws IOException {
        script(file, "if [ \"$1\" = --version ]; then echo v" + version + "; else exec " + HOST_NODE + " \"$@\"; fi");
    }

    @Test
    void programsInTheBinOfTheNodeSetUpAreFoundByLaterSteps() throws Exception {
        Path home = tmp.resolve("toolcache/node/24.99.0/x64");
        node(home.resolve("bin/node"), "24.99.0");
        script(home.resolve("lib/node_modules/hello/cli.sh"), "echo hello from $0");
        Files.createSymbolicLink(home.resolve("bin/hello"), Path.of("../lib/node_modules/hello/cli.sh"));

        Cli.Result r = runWithToolCache(tmp.resolve("toolcache"), """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/setup-node@v4
                        with:
                          node-version: 24
                      - run: hello
                """);

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("hello from " + home.resolve("bin/hello"));
    }

    @Test
    void whatNpmInstallsGloballyIsFoundByLaterStepsAlsoWithANodeInASharedDirectory() throws Exception {
        Path npm = Path.of("/usr/lib/node_modules/npm/bin/npm-cli.js");
        Assumptions.assumeTrue(Files.isExecutable(HOST_NODE) && Files.isRegularFile(npm), "Node.js and npm in /usr");
        Path shared = tmp.resolve("shared"); // like /usr/bin: other programs live there too
        node(shared.resolve("node"), "22.99.0");
        Files.createSymbolicLink(shared.resolve("npm"), npm);
        script(shared.resolve("make"), "echo make");
        repo.file("tool/package.json", "{\"name\": \"hello-tool\", \"version\": \"1.0.0\", \"bin\": \"cli.js\"}");
        repo.file("tool/cli.js", "#!/usr/bin/env node\nconsole.log('hello-tool ran');\n");

        Cli.Result r = runWith(Map.of("PATH", shared + ":" + System.getenv("PATH")), """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: actions/setup-node@v4
                        with:
                          node-version: 22
                      - run: npm install -g --offline --no-audit --no-fund ./tool
                      - run: echo "prefix $(npm prefix -g)"; hello-tool
                """);

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("/_tools/node/22.99.0/global").contains("hello-tool ran");
    }

    @Test
    void aNode24ActionRunsOnTheNodeJs24OfTheToolCache() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HOST_NODE), "a Node.js in /usr/bin");
        Path cache = tmp.resolve("toolcache");
        script(
                cache.resolve("node/24.99.0/x64/bin/node"),
                "if [ \"$1\" = --version ]; then echo v24.99.0; else VIA=cache-24 exec " + HOST_NODE + " \"$@\"; fi");
        repo.file(".github/actions/v/action.yml", "name: v\nruns:\n  using: node24\n  main: index.js\n");
        repo.file(
                ".github/actions/v/index.js",
                "console.log('node24 action on ' + process.version + ' via ' + process.env.VIA);\n");

        Cli.Result r = runWithToolCache(cache, """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: ./.github/actions/v
                """);

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("node24 action on v")
                .contains(" via cache-24")
                .doesNotContain("No Node.js 24");
    }
}
