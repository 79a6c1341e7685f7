package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.actions.BuiltinAction;
import dev.slipway.actions.BuiltinCall;
import dev.slipway.actions.BuiltinResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeActionTest {
    @TempDir
    Path dir;

    private Path nodeAction(String name, String tag) throws IOException {
        Path d = dir.resolve("actions").resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), """
                name: %s
                inputs:
                  tag:
                    description: t
                  cache key:
                    description: k
                    default: key-${{ github.sha }}
                outputs:
                  seen:
                    description: s
                runs:
                  using: node20
                  pre: pre.js
                  main: main.js
                  post: post.js
                """.formatted(name));
        String write = "const fs = require('fs');\n";
        Files.writeString(d.resolve("pre.js"), write + """
                console.log('pre %1$s ' + process.env.INPUT_TAG);
                fs.appendFileSync(process.env.GITHUB_STATE, 'fromPre=p-%1$s\\n');
                """.formatted(tag));
        Files.writeString(d.resolve("main.js"), write + """
                console.log('main %1$s ' + process.env.INPUT_TAG + ' ' + process.env['INPUT_CACHE_KEY']
                  + ' ' + process.env.STATE_fromPre);
                fs.appendFileSync(process.env.GITHUB_STATE, 'fromMain=m-%1$s\\n');
                fs.appendFileSync(process.env.GITHUB_OUTPUT, 'seen=' + process.env.INPUT_TAG + '\\n');
                """.formatted(tag));
        Files.writeString(d.resolve("post.js"), """
                console.log('post %1$s ' + process.env.STATE_fromPre + ' ' + process.env.STATE_fromMain);
                """.formatted(tag));
        return d;
    }

    @Test
    void nodeActionsRunPreMainAndPostInGitHubsOrder() throws IOException {
        Path a = nodeAction("a", "A");
        Path b = nodeAction("b", "B");
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(ref.repo().equals("a") ? a : b), "test dir");
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: first
                        uses: acme/a@v1
                        with:
                          tag: one
                      - id: second
                        uses: acme/b@v2
                        with:
                          tag: two
                      - run: echo "outputs ${{ steps.first.outputs.seen }} ${{ steps.second.outputs.seen }}"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output())
                .containsExactly(
                        "pre A one",
                        "pre B two",
                        "main A one key-abc123 p-A",
                        "main B two key-abc123 p-B",
                        "outputs one two",
                        "post B p-B m-B",
                        "post A p-A m-A");
        assertThat(run.result().steps())
                .extracting(StepResult::name)
                .containsExactly(
                        "Pre Run acme/a@v1",
                        "Pre Run acme/b@v2",
                        "Run acme/a@v1",
                        "Run acme/b@v2",
                        "Run echo \"outputs ${{ steps.first.outputs.seen }} ${{ steps.second.outputs.seen }}\"",
                        "Post Run acme/b@v2",
                        "Post Run acme/a@v1");
        assertThat(run.result().steps()).extracting(StepResult::index).containsExactly(3, 4, 0, 1, 2, 5, 6);
    }

    @Test
    void nodeActionsSeeTheJobsCacheModeAlsoInTheBackground() throws IOException {
        Path d = dir.resolve("actions").resolve("mode");
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), "name: mode\nruns:\n  using: node20\n  main: main.js\n");
        Files.writeString(d.resolve("main.js"), "console.log('cache mode ' + process.env.ACTIONS_CACHE_MODE);\n");
        RuntimeOptions options = RuntimeOptions.defaults().withActions(ref -> Optional.of(d), "test dir");
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    cache-mode: read
                    steps:
                      - id: bg
                        uses: acme/mode@v1
                        background: true
                      - wait: bg
                      - run: echo "run steps see [${ACTIONS_CACHE_MODE:-}]"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        // the background step's line and the wait's first line come in either order
        assertThat(run.output())
                .containsExactlyInAnyOrder(
                        "cache mode read",
                        "Waiting for background step(s) to complete: Run acme/mode@v1",
                        "  Run acme/mode@v1: success",
                        "run steps see []");
    }

    @Test
    void anActionOfARepositoryIsToldItsRepositoryAndRefAsOnGithub() throws IOException {
        Path node = dir.resolve("actions").resolve("node");
        Files.createDirectories(node);
        Files.writeString(node.resolve("action.yml"), """
                name: node
                inputs:
                  from:
                    description: f
                    default: ${{ github.action_repository }}@${{ github.action_ref }}
                runs:
                  using: node20
                  main: main.js
                """);
        Files.writeString(node.resolve("main.js"), """
                console.log('node ' + process.env.GITHUB_ACTION_REPOSITORY + ' ' + process.env.GITHUB_ACTION_REF
                  + ' input ' + process.env.INPUT_FROM);
                """);
        Path composite = dir.resolve("actions").resolve("comp");
        Files.createDirectories(composite);
        Files.writeString(composite.resolve("action.yml"), """
                name: comp
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "composite run step [${{ github.action_repository }}] [${GITHUB_ACTION_REPOSITORY:-}]"
                """);
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(ref.repo().equals("node") ? node : composite), "test dir");
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: acme/node@v2.1
                      - uses: acme/comp@main
                        env:
                          SEEN: ${{ github.action_repository }}@${{ github.action_ref }}
                      - run: echo "run step [${{ github.action_repository }}] [${GITHUB_ACTION_REPOSITORY:-}]"
                """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        // a composite's own run steps get neither, on GitHub too (actions/runner#2473)
        assertThat(run.output())
                .containsExactly(
                        "node acme/node v2.1 input acme/node@v2.1", "composite run step [] []", "run step [] []");
    }

    @Test
    void anInputDefaultingToAnEmptyGithubTokenSaysHowToGiveOne() throws IOException {
        Path d = dir.resolve("actions").resolve("script");
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), """
                name: script
                inputs:
                  github-token:
                    description: t
                    default: ${{ github.token }}
                  other:
                    description: o
                    default: ${{ github.ref_name }}
                runs:
                  using: node20
                  main: main.js
                """);
        Files.writeString(d.resolve("main.js"), "console.log('token [' + process.env['INPUT_GITHUB-TOKEN'] + ']');\n");
        RuntimeOptions options = RuntimeOptions.defaults().withActions(ref -> Optional.of(d), "test dir");
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/github-script@v8
                """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.all())
                .containsOnlyOnce(
                        "WARNING Input 'github-token' defaults to the job's GitHub token, and this run has none: give"
                                + " one with --secret GITHUB_TOKEN=... (for instance from `gh auth token`) if the action calls"
                                + " GitHub's API")
                .noneMatch(l -> l.contains("Input 'other'"));
    }

    /** A node action whose pre script takes a second, for a cancellation to arrive while it runs. */
    private Path slowPreAction(String preIf) throws IOException {
        Path d = dir.resolve("actions").resolve("slow-pre");
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), """
                name: slow pre
                runs:
                  using: node20
                  pre: pre.js
                  %s
                  main: main.js
                  post: post.js
                """.formatted(preIf.isEmpty() ? "" : "pre-if: " + preIf));
        Files.writeString(
                d.resolve("pre.js"), "console.log('pre-started'); setTimeout(() => console.log('pre-done'), 1000);\n");
        Files.writeString(d.resolve("main.js"), "console.log('main-ran');\n");
        Files.writeString(d.resolve("post.js"), "console.log('post-ran');\n");
        return d;
    }

    /** Runs the one action {@code action} in a job that is cancelled gracefully when a step prints {@code line}. */
    private Harness.Run cancelGracefullyOn(String line, Path action, String uses) {
        Cancellation cancel = new Cancellation();
        return new Harness(dir)
                .options(RuntimeOptions.defaults().withActions(ref -> Optional.of(action), "test dir"))
                .cancel(cancel)
                .onLog(l -> {
                    if (l.text().equals(line)) {
                        Thread.ofVirtual().start(cancel::cancelGracefully);
                    }
                })
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: USES
                        """.replace("USES", uses));
    }

    private Harness.Run cancelDuringPre(String preIf) throws IOException {
        return cancelGracefullyOn("pre-started", slowPreAction(preIf), "acme/slow-pre@v1");
    }

    @Test
    void aGracefulCancellationLetsAPreStepWhosePreIfStillHoldsFinish() throws IOException {
        var run = cancelDuringPre(""); // pre-if defaults to always()
        // the main step (implicit success()) does not run, so no post step is registered, as on GitHub
        assertThat(run.output()).containsExactly("pre-started", "pre-done");
        assertThat(run.result().steps())
                .extracting(StepResult::name, StepResult::conclusion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Pre Run acme/slow-pre@v1", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("Run acme/slow-pre@v1", Conclusion.SKIPPED));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aGracefulCancellationStopsAPreStepWhosePreIfNoLongerHolds() throws IOException {
        var run = cancelDuringPre("success()");
        assertThat(run.output()).contains("pre-started").doesNotContain("pre-done", "main-ran");
        assertThat(run.result().steps().get(0).name()).isEqualTo("Pre Run acme/slow-pre@v1");
        assertThat(run.result().steps().get(0).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void postStepWithPostIfSuccessIsSkippedWhenTheJobFailed() {
        BuiltinAction saver = new BuiltinAction() {
            @Override
            public String ref() {
                return "acme/saver";
            }

            @Override
            public BuiltinResult main(BuiltinCall call) {
                return BuiltinResult.ok();
            }

            @Override
            public boolean hasPost() {
                return true;
            }

            @Override
            public String postIf() {
                return "success()";
            }

            @Override
            public BuiltinResult post(BuiltinCall call) {
                call.log().accept("post ran");
                return BuiltinResult.ok();
            }
        };
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withBuiltins(u -> Optional.of(saver)))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: acme/saver@v1
                              - run: exit 1
                              - if: always()
                                run: echo "status=${{ job.status }}"
                        """);
        assertThat(run.output()).containsExactly("status=failure");
        assertThat(run.step("Post Run acme/saver@v1").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void unknownRemoteActionFailsTheJobBeforeAnyStepRuns() {
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withActions(ref -> Optional.empty(), "/srv/actions"))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo first
                              - uses: owner/repo@v1
                        """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure().orElseThrow())
                .contains(
                        "action 'owner/repo@v1' not found in the action source /srv/actions; configure --action-source");
        assertThat(run.output()).isEmpty();
    }

    @Test
    void builtinActionsRunInProcessAndTheirPostRunsAtJobEndWithState() {
        BuiltinAction cache = new BuiltinAction() {
            @Override
            public String ref() {
                return "actions/cache";
            }

            @Override
            public BuiltinResult main(BuiltinCall call) {
                call.log()
                        .accept("restoring " + call.input("key", "none") + " in "
                                + call.envVar("GITHUB_JOB").orElse(""));
                return BuiltinResult.ok(Map.of("cache-hit", "false"), Map.of("key", call.input("key", "none")));
            }

            @Override
            public boolean hasPost() {
                return true;
            }

            @Override
            public BuiltinResult post(BuiltinCall call) {
                call.log().accept("saving " + call.state().get("key"));
                return BuiltinResult.ok();
            }
        };
        RuntimeOptions options = RuntimeOptions.defaults()
                .withBuiltins(uses -> uses.startsWith("actions/cache@") ? Optional.of(cache) : Optional.empty());
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: c
                        uses: actions/cache@v4
                        with:
                          key: deps-${{ runner.os }}
                      - run: echo "hit=${{ steps.c.outputs.cache-hit }}"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsExactly("restoring deps-Linux in t", "hit=false", "saving deps-Linux");
    }

    @Test
    void missingNodeGivesAClearError() throws IOException {
        Path a = nodeAction("a", "A");
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(a), "test dir")
                .withPrograms(p -> p.equals("node") ? Optional.empty() : Optional.of("/bin/" + p))
                .withHostEnv(Map.of("PATH", dir.resolve("nothing").toString()))
                .withToolCache(dir.resolve("no-tool-cache"));
        var run = new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        uses: acme/a@v1
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all())
                .anyMatch(l -> l.contains("is a node20 action, but no Node.js 20 was found and 'node' was not found"
                        + " on PATH; install Node.js to run it"));
    }

    /** A {@code node} that says it is {@code version} and runs this machine's node, telling scripts it is {@code tag}. */
    private static void node(Path file, String version, String tag) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                #!/bin/sh
                if [ "$1" = --version ]; then echo v%s; exit 0; fi
                SLIPWAY_TEST_NODE=%s exec /usr/bin/node "$@"
                """.formatted(version, tag));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An action {@code using} a Node.js that says which node ran its main and post scripts. */
    private Path whichNodeAction(String using) throws IOException {
        Path d = dir.resolve("actions").resolve(using);
        Files.createDirectories(d);
        Files.writeString(
                d.resolve("action.yml"),
                "name: n\nruns:\n  using: %s\n  main: main.js\n  post: main.js\n".formatted(using));
        Files.writeString(
                d.resolve("main.js"), "console.log('%s ran on ' + process.env.SLIPWAY_TEST_NODE);\n".formatted(using));
        return d;
    }

    /** Runs a node24 and a node16 action with {@code bin} as the host's PATH and {@code cache} as the tool cache. */
    private Harness.Run runNodeActions(Path bin, Path cache) throws IOException {
        Path node24 = whichNodeAction("node24");
        Path node16 = whichNodeAction("node16");
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(ref.repo().equals("a") ? node24 : node16), "test dir")
                .withHostEnv(Map.of(
                        "PATH", bin.toString(), "HOME", dir.resolve("home").toString()))
                .withPrograms(RuntimeOptions.ProgramLookup.onPath(bin.toString()))
                .withToolCache(cache);
        return new Harness(dir).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: acme/a@v1
                      - uses: acme/b@v1
                """);
    }

    @Test
    void aNodeActionRunsOnANodeJsOfTheMajorItNamesAsOnGitHubAndNode16OnesOn20() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "a Node.js in /usr/bin");
        Path bin = dir.resolve("bin");
        node(bin.resolve("node"), "20.99.0", "path-20");
        Path cache = dir.resolve("toolcache");
        node(cache.resolve("node/24.1.0/x64/bin/node"), "24.1.0", "cache-24.1");
        node(cache.resolve("node/24.99.0/x64/bin/node"), "24.99.0", "cache-24.99");
        node(cache.resolve("node/20.1.0/x64/bin/node"), "20.1.0", "cache-20");

        var run = runNodeActions(bin, cache);

        assertThat(run.result().conclusion()).as("%s", run.all()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output())
                .containsExactly(
                        "node24 ran on cache-24.99",
                        "node16 ran on path-20",
                        "node16 ran on path-20",
                        "node24 ran on cache-24.99");
        assertThat(run.all()).noneMatch(l -> l.startsWith("WARNING"));
    }

    @Test
    void withoutANodeJsOfItsMajorANodeActionRunsOnTheOneOnPathAndSaysSoOnce() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "a Node.js in /usr/bin");
        Path bin = dir.resolve("bin");
        node(bin.resolve("node"), "20.99.0", "path-20");

        var run = runNodeActions(bin, dir.resolve("toolcache"));

        assertThat(run.result().conclusion()).as("%s", run.all()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsOnly("node24 ran on path-20", "node16 ran on path-20");
        assertThat(run.all())
                .filteredOn(l -> l.startsWith("WARNING"))
                .containsExactly("WARNING No Node.js 24 for this node24 action on PATH, in the tool cache "
                        + dir.resolve("toolcache")
                        + " or among nvm's and asdf's installs: it runs on Node.js v20.99.0 ("
                        + bin.resolve("node") + ") instead");
    }

    @Test
    void inAContainerJobTheImagesNodeRunsTheAction() throws IOException {
        Path a = nodeAction("a", "A");
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(a), "test dir")
                .withPrograms(p -> Optional.empty()); // the host's programs say nothing about the image's
        var fake = dev.slipway.executor.fake.FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .build();
        var run = new Harness(dir).executor(fake).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: localhost/node:20
                    steps:
                      - uses: acme/a@v1
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        // the action is copied under the runner temp directory, which the job container sees at the same path
        var commands = fake.startedSteps().stream().map(s -> s.command()).toList();
        assertThat(commands).hasSize(3).allSatisfy(c -> {
            assertThat(c.getFirst()).isEqualTo("node");
            assertThat(Path.of(c.get(1))).isRegularFile();
            assertThat(Path.of(c.get(1)).getParent()).isNotEqualTo(a).endsWith(Path.of("_actions", "1"));
        });
        assertThat(commands.get(1).get(1)).endsWith("main.js");
        assertThat(fake.startedSteps()).allSatisfy(s -> assertThat(s.env()).containsEntry("GITHUB_ACTION", "__acme_a"));
    }

    @Test
    void aRepeatedActionWithoutIdIsNumberedInGithubActionAsInGithubAction() throws IOException {
        Path a = nodeAction("a", "A");
        RuntimeOptions options = RuntimeOptions.defaults()
                .withActions(ref -> Optional.of(a), "test dir")
                .withPrograms(p -> Optional.of("/usr/bin/" + p));
        var fake = dev.slipway.executor.fake.FakeExecutor.builder().build();
        var run = new Harness(dir).executor(fake).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: acme/a@v1
                      - uses: acme/a@v1
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.startedSteps())
                .filteredOn(s -> s.command().getLast().endsWith("main.js"))
                .extracting(s -> s.env().get("GITHUB_ACTION"))
                .containsExactly("__acme_a", "__acme_a_2");
    }

    @Test
    void aGracefulCancellationLetsARunningPostStepFinishAsItsPostIfIsAlways() throws IOException {
        Path d = dir.resolve("actions").resolve("slow-post");
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), """
                name: slow post
                runs:
                  using: node20
                  main: main.js
                  post: post.js
                """);
        Files.writeString(d.resolve("main.js"), "console.log('main');\n");
        Files.writeString(d.resolve("post.js"), """
                console.log('posting');
                setTimeout(() => console.log('posted'), 500);
                """);
        var run = cancelGracefullyOn("posting", d, "acme/slow-post@v1");
        assertThat(run.output()).contains("posting", "posted");
        assertThat(run.result().steps())
                .filteredOn(s -> s.name().startsWith("Post "))
                .singleElement()
                .satisfies(s -> assertThat(s.conclusion()).isEqualTo(Conclusion.SUCCESS));
    }
}
