package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Actions in {@code slipway run}: local composite and node actions, the action source, the built-in actions. */
class RunActionsIT extends WorkflowRunIT {

    @Test
    void localCompositeActionWithInputsDefaultsOutputsAndNesting() {
        repo.file(".github/actions/greet/action.yml", """
                name: greet
                inputs:
                  who:
                    required: true
                  greeting:
                    default: Hello
                outputs:
                  message:
                    value: ${{ steps.say.outputs.message }}
                runs:
                  using: composite
                  steps:
                    - id: say
                      shell: bash
                      run: echo "message=${{ inputs.greeting }}, ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
                    - uses: ./.github/actions/shout
                      with:
                        text: ${{ steps.say.outputs.message }}
                """);
        repo.file(".github/actions/shout/action.yml", """
                name: shout
                inputs:
                  text: {required: true}
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "${{ inputs.text }}" | tr a-z A-Z
                """);
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - id: g
                        uses: ./.github/actions/greet
                        with:
                          who: Slipway
                      - run: echo "composite said '${{ steps.g.outputs.message }}'"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("HELLO, SLIPWAY").contains("composite said 'Hello, Slipway'");
    }

    @Test
    void localNodeActionRunsPreMainAndPostInOrder() {
        repo.file(".github/actions/node-thing/action.yml", """
                name: node thing
                inputs:
                  label: {default: demo}
                outputs:
                  size: {description: a number}
                runs:
                  using: node20
                  pre: pre.js
                  main: main.js
                  post: post.js
                """);
        repo.file(".github/actions/node-thing/pre.js", "console.log('pre for ' + process.env.INPUT_LABEL);\n");
        repo.file(".github/actions/node-thing/main.js", """
                const fs = require('fs');
                fs.appendFileSync(process.env.GITHUB_OUTPUT, 'size=42\\n');
                fs.appendFileSync(process.env.GITHUB_STATE, 'started=yes\\n');
                console.log('main for ' + process.env.INPUT_LABEL);
                """);
        repo.file(
                ".github/actions/node-thing/post.js", "console.log('post sees state ' + process.env.STATE_started);\n");
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - id: n
                        uses: ./.github/actions/node-thing
                        with:
                          label: build
                      - run: echo "size=${{ steps.n.outputs.size }}"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        String out = r.out();
        assertThat(out).contains("main for build", "size=42", "post sees state yes");
        assertThat(out.indexOf("main for build")).isLessThan(out.indexOf("size=42"));
        assertThat(out.indexOf("size=42")).isLessThan(out.indexOf("post sees state yes"));
    }

    @Test
    void remoteActionComesFromTheActionSourceOrFailsClearly() throws Exception {
        Path mirror = tmp.resolve("mirror");
        Path action = mirror.resolve("acme/hello@v1");
        Files.createDirectories(action);
        Files.writeString(action.resolve("action.yml"), """
                name: hello
                inputs:
                  name: {default: world}
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "remote hello ${{ inputs.name }}"
                """);
        String wf = """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: acme/hello@v1
                        with:
                          name: mirror
                """;
        Cli.Result missing = run(wf);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.all()).contains("acme/hello@v1").contains("not found");
        Cli.Result ok = Cli.runIn(repo, state, "--action-source", mirror.toString());
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("remote hello mirror");
    }

    @Test
    void checkoutCacheAndArtifactsAcrossJobs() {
        repo.file("src/app.txt", "application v1\n");
        String wf = """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - id: cache
                        uses: actions/cache@v4
                        with:
                          path: deps
                          key: deps-${{ hashFiles('src/**') }}
                      - if: steps.cache.outputs.cache-hit != 'true'
                        run: mkdir -p deps && echo "downloaded" > deps/lib.txt && echo cache-miss
                      - run: |
                          echo "cache-hit=${{ steps.cache.outputs.cache-hit }}"
                          mkdir -p dist && cp src/app.txt deps/lib.txt dist/ && git log --oneline | head -1
                      - uses: actions/upload-artifact@v4
                        with:
                          name: dist
                          path: dist/
                  verify:
                    needs: build
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/download-artifact@v4
                        with:
                          name: dist
                          path: got
                      - run: cat got/app.txt got/lib.txt
                """;
        Cli.Result first = run(wf);
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out())
                .contains("cache-miss")
                .contains("cache-hit=false")
                .containsPattern("\\| [0-9a-f]{7} workflow")
                .contains("application v1")
                .contains("downloaded");
        assertThat(first.out())
                .containsPattern("\nArtifacts\n  dist  +[0-9.]+ (B|KB) +"
                        + java.util.regex.Pattern.quote(state.toString()) + "/artifacts/[0-9]+/dist/artifact.zip\n");
        Cli.Result second = Cli.runIn(repo, state);
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(second.out()).contains("cache-hit=true").doesNotContain("| cache-miss");
        Runs runs = Runs.parse(Cli.runIn(repo, state, "--json"));
        var artifacts = runs.root().get("runs").get(0).get("artifacts");
        assertThat(artifacts).hasSize(1);
        assertThat(artifacts.get(0).get("name").asText()).isEqualTo("dist");
        assertThat(artifacts.get(0).get("size_in_bytes").asLong()).isPositive();
        assertThat(artifacts.get(0).get("digest").asText()).startsWith("sha256:");
        assertThat(artifacts.get(0).get("url").asText()).startsWith("file:/").endsWith("/dist/artifact.zip");
    }

    @Test
    void uncommittedChangesAreLeftOutAndSaidSoOrLaidOverTheCheckoutWithTheOption() throws Exception {
        String wf = """
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: echo "app says $(cat app.txt)"; ls new 2>/dev/null || echo "no new dir"
                """;
        repo.file("app.txt", "committed").file(".github/workflows/ci.yml", wf).commit("app");
        Files.writeString(repo.dir().resolve("app.txt"), "being edited");
        Files.createDirectories(repo.dir().resolve("new"));
        Files.writeString(repo.dir().resolve("new/file.txt"), "untracked");

        Cli.Result plain = Cli.runIn(repo, state);
        Cli.Result with = Cli.runIn(repo, state, "--uncommitted");

        assertThat(plain.exit()).as(plain.all()).isZero();
        assertThat(plain.out()).contains("app says committed", "no new dir");
        assertThat(plain.err())
                .contains("slipway: actions/checkout gave the jobs commit "
                        + repo.head().substring(0, 7)
                        + " without the 2 uncommitted changes of "
                        + repo.dir().toAbsolutePath().normalize()
                        + " (M app.txt, ?? new/file.txt)")
                .contains("run with --uncommitted to include them.");
        assertThat(with.exit()).as(with.all()).isZero();
        assertThat(with.out())
                .contains("Laid the working tree's 2 uncommitted changes over the commit (--uncommitted)")
                .contains("app says being edited", "file.txt");
        assertThat(with.err()).doesNotContain("uncommitted");
    }

    @Test
    void withUncommittedThePathsFiltersSeeTheUncommittedChangesToo() throws Exception {
        repo.file("first.md", "a first commit").commit("first");
        repo.file("a.txt", "a").file(".github/workflows/docs.yml", """
                        on:
                          push:
                            paths: ['**/*.md']
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - run: cat docs/README.md
                        """).commit("no markdown in this commit");
        Files.createDirectories(repo.dir().resolve("docs"));
        Files.writeString(repo.dir().resolve("docs/README.md"), "new docs");

        Cli.Result plain = Cli.runIn(repo, state);
        Cli.Result with = Cli.runIn(repo, state, "--uncommitted");

        assertThat(plain.exit()).as(plain.all()).isEqualTo(2);
        assertThat(plain.err()).contains("no changed file matched by paths [**/*.md]");
        assertThat(with.exit()).as(with.all()).isZero();
        assertThat(with.out()).contains("| new docs");
    }

    @Test
    void aRunWithoutCheckoutSaysNothingOfUncommittedChanges() throws Exception {
        repo.file(".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo fine
                        """).commit("wf");
        Files.writeString(repo.dir().resolve("scratch.txt"), "untracked");

        Cli.Result r = Cli.runIn(repo, state);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).doesNotContain("uncommitted");
    }

    @Test
    void checkoutTakesSubmodulesFromTheDevelopersCloneAndWritesASparseCheckout() {
        GitCli git = new GitCli(tmp.resolve("home"));
        git.run(tmp, "config", "--global", "protocol.file.allow", "always").ok();
        Path lib = tmp.resolve("lib");
        git.initAndCommit(lib, "lib.txt", "lib v1\n", "docs/guide.md", "guide\n");
        Path app = tmp.resolve("app");
        git.initAndCommit(app, "README.md", "app\n", "docs/big.md", "big\n", "src/main.c", "int main;\n");
        git.run(app, "submodule", "add", "-q", "../lib", "third_party/lib").ok();
        git.commit(app, "workflow", ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          submodules: recursive
                      - run: |
                          cat third_party/lib/lib.txt
                          git submodule status | cut -c1-9
                          echo "status:$(git status --porcelain)."
                  sparse:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          sparse-checkout: src
                      - run: ls -R . | grep -v '^$' | tr '\\n' ' '; echo; git sparse-checkout list
                """);
        Path dev = tmp.resolve("dev");
        git.run(tmp, "clone", "-q", "--recurse-submodules", app.toString(), dev.toString())
                .ok();
        String libHead = git.run(lib, "rev-parse", "HEAD").ok().out().strip();

        Cli.Result r = Cli.run(state, "run", "-C", dev.toString(), "--color", "never");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("lib v1")
                .contains(" " + libHead.substring(0, 8))
                .contains("status:.")
                .contains("Submodule 'third_party/lib' (../lib) checked out at " + libHead);
        assertThat(r.out()).containsPattern("\\| \\.: README\\.md src \\./src: main\\.c \\n");
        assertThat(r.out()).containsPattern("\\| src\\n");
    }

    @Test
    void selfRepositoryReferencesNeedNoCheckout() {
        repo.file(".github/actions/greet/action.yml", """
                        name: greet
                        inputs:
                          who: {default: world}
                        runs:
                          using: composite
                          steps:
                            - run: echo "hello ${{ inputs.who }} from $(basename "$GITHUB_ACTION_PATH")"
                              shell: bash
                            - uses: $/./.github/actions/shout
                        """)
                .file(".github/actions/shout/action.yml", """
                        name: shout
                        runs:
                          using: composite
                          steps:
                            - run: echo "SHOUT"
                              shell: bash
                        """)
                .file(".github/workflows/called.yml", """
                        on: workflow_call
                        jobs:
                          inner:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: $/.github/actions/greet
                                with:
                                  who: caller
                        """);
        Cli.Result r = run("""
                on: push
                jobs:
                  direct:
                    runs-on: ubuntu-latest
                    steps:
                      - run: ls -A | wc -l
                      - uses: $/.github/actions/greet
                  missing:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: $/.github/actions/none
                  call:
                    uses: $/.github/workflows/called.yml
                """);

        // like a remote action, a $/ action is looked up when its job is set up: one that is not there fails the job
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("direct +success").containsPattern("call / inner +success");
        assertThat(r.out())
                .contains("[direct]   | 0\n")
                .contains("hello world from greet")
                .contains("SHOUT")
                .contains("hello caller from greet")
                .contains("can't find 'action.yml' or 'action.yaml' under '"
                        + repo.dir().toAbsolutePath().normalize()
                        + "/.github/actions/none' for '$/.github/actions/none'");
    }

    @Test
    void aSelfRepositoryReferenceInARemoteActionNamesThatActionsRepository() throws Exception {
        Path tools = tmp.resolve("mirror/acme/tools@v2");
        Files.createDirectories(tools.resolve("greet"));
        Files.createDirectories(tools.resolve("shout"));
        Files.writeString(tools.resolve("greet/action.yml"), """
                name: greet
                runs:
                  using: composite
                  steps:
                    - uses: $/shout
                """);
        Files.writeString(tools.resolve("shout/action.yml"), """
                name: shout
                runs:
                  using: composite
                  steps:
                    - run: echo "shout of acme/tools"
                      shell: bash
                """);
        // the workflow's repository has a shout of its own, which the remote action must not take
        repo.file("shout/action.yml", """
                name: shout
                runs:
                  using: composite
                  steps:
                    - run: echo "shout of the workflow's repository"
                      shell: bash
                """);
        repo.file(".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: acme/tools/greet@v2
                              - uses: $/shout
                        """).commit("workflow");

        Cli.Result r =
                Cli.runIn(repo, state, "--action-source", tmp.resolve("mirror").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsSubsequence("shout of acme/tools", "shout of the workflow's repository");
    }

    @Test
    void cacheModeLimitsWhatTheCacheActionsDoAndACalledWorkflowGetsNoMoreThanItsCaller() {
        repo.file(".github/workflows/called.yml", """
                on: workflow_call
                jobs:
                  inner:
                    runs-on: ubuntu-latest
                    cache-mode: write
                    steps:
                      - run: mkdir -p c && echo inner > c/v.txt
                      - uses: actions/cache/save@v4
                        with: {path: c, key: inner-key}
                """);
        Cli.Result r = run("""
                on: push
                cache-mode: read
                jobs:
                  producer:
                    runs-on: ubuntu-latest
                    cache-mode: write-only
                    steps:
                      - run: mkdir -p c && echo produced > c/v.txt
                      - uses: actions/cache/save@v4
                        with: {path: c, key: shared-key}
                      - id: r
                        uses: actions/cache/restore@v4
                        with: {path: c, key: shared-key}
                      - run: echo "producer hit=${{ steps.r.outputs.cache-hit }}"
                  consumer:
                    needs: producer
                    runs-on: ubuntu-latest
                    steps:
                      - id: r
                        uses: actions/cache/restore@v4
                        with: {path: c, key: shared-key}
                      - run: echo "consumer hit=${{ steps.r.outputs.cache-hit }} $(cat c/v.txt)"
                      - uses: actions/cache/save@v4
                        with: {path: c, key: consumer-key}
                  call:
                    needs: consumer
                    uses: ./.github/workflows/called.yml
                  check:
                    needs: call
                    runs-on: ubuntu-latest
                    cache-mode: write
                    steps:
                      - id: consumer
                        uses: actions/cache/restore@v4
                        with: {path: x, key: consumer-key, lookup-only: true}
                      - id: inner
                        uses: actions/cache/restore@v4
                        with: {path: x, key: inner-key, lookup-only: true}
                      - run: echo "saved consumer=${{ steps.consumer.outputs.cache-hit }} inner=${{ steps.inner.outputs.cache-hit }}"
                """);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("Cache not restored: the job's cache-mode 'write-only' allows no restores")
                .contains("producer hit=false")
                .contains("consumer hit=true produced")
                .contains("Warning: Failed to save: the job's cache-mode 'read' allows no saves (key consumer-key)")
                .contains("Warning: Failed to save: the job's cache-mode 'read' allows no saves (key inner-key)")
                .contains("saved consumer=false inner=false");
    }

    @Test
    void envAndWithMayBeOneExpressionThatGivesTheMapping() {
        repo.file("act/action.yml", """
                name: act
                inputs:
                  name: {required: true}
                  greeting: {default: hello}
                runs:
                  using: composite
                  steps:
                    - run: echo "${{ inputs.greeting }} ${{ inputs.name }}"
                      shell: bash
                """);
        Cli.Result r = run("""
                on: push
                env: ${{ fromJSON('{"W":"workflow"}') }}
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    env: ${{ fromJSON('{"J":"job","N":1}') }}
                    strategy:
                      matrix:
                        include:
                          - env: {A: one, B: two}
                    steps:
                      - uses: actions/checkout@v4
                      - run: echo "env $W $J $N $A $B"
                        env: ${{ matrix.env }}
                      - id: o
                        run: echo 'opts={"name":"mona","greeting":"hi"}' >> "$GITHUB_OUTPUT"
                      - uses: ./act
                        with: ${{ fromJSON(steps.o.outputs.opts) }}
                  bad:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                        env: ${{ github.sha }}
                """);

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("\\nj \\(.*\\) +success").containsPattern("\\nbad +failure");
        assertThat(r.out())
                .contains("env workflow job 1 one two")
                .contains("hi mona")
                .contains("error: '${{ github.sha }}' must give a mapping, got ")
                .doesNotContain("| never");
    }
}
