package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Step-level behaviour of {@code slipway run}: shells, environment files, commands, masking, conditions. */
class RunStepsIT extends WorkflowRunIT {

    /**
     * A problem matcher's hit is printed as the line it matched, as GitHub logs it (the annotation, listed at the end,
     * carries what the matcher took out); the live log showed only the annotation, the tool's own line was gone.
     * upload-artifact's "No files were found" is a warning annotation, as the real action's core.warning makes it.
     */
    @Test
    void aMatchedLineIsPrintedAsItWasAndAMissingArtifactIsAWarning() throws Exception {
        repo.file("tsc.json", """
                {"problemMatcher": [{"owner": "tsc", "pattern": [{
                  "regexp": "^(.+)[(]([0-9]+),([0-9]+)[)]: (error|warning) TS([0-9]+): (.*)$",
                  "file": 1, "line": 2, "column": 3, "severity": 4, "code": 5, "message": 6}]}]}
                """);
        repo.file("src/app.ts", "let x: number = 'a';\n");
        Cli.Result r = run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: |
                          echo "::add-matcher::tsc.json"
                          echo "src/app.ts(1,5): error TS2322: Type 'string' is not assignable to type 'number'."
                      - uses: actions/upload-artifact@v4
                        with: {name: reports, path: no-such-dir}
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("❌ src/app.ts(1,5): error TS2322: Type 'string' is not assignable to type 'number'.")
                .contains("✗ t: src/app.ts:1:5: Type 'string' is not assignable to type 'number'.")
                .contains("⚠ t: No files were found with the provided path: no-such-dir.");
    }

    @Test
    void envAtEveryLevelAndDefaultsRun() throws Exception {
        repo.file("sub/dir/marker.txt", "here");
        Cli.Result r = run("""
                on: push
                env:
                  LEVEL: workflow
                  W: w
                defaults:
                  run:
                    shell: sh
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    env:
                      LEVEL: job
                      J: ${{ github.event_name }}
                    defaults:
                      run:
                        working-directory: sub
                    steps:
                      - uses: actions/checkout@v4
                      - env:
                          LEVEL: step
                        run: echo "level=$LEVEL w=$W j=$J pwd=$(basename "$PWD") shell=${BASH_VERSION:-notbash}"
                      - working-directory: sub/dir
                        run: cat marker.txt
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("level=step w=w j=push pwd=sub shell=notbash")
                .contains("| here");
    }

    @Test
    void parallelStepsRunAtOnceAndEachLineNamesItsStep() throws Exception {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - parallel:
                          - name: Build frontend
                            run: touch front; for i in $(seq 200); do [ -e back ] && break; sleep 0.05; done; echo "frontend saw backend"
                          - name: Build backend
                            run: touch back; for i in $(seq 200); do [ -e front ] && break; sleep 0.05; done; echo "backend saw frontend"
                      - run: echo "after the group"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("(Build frontend) | frontend saw backend")
                .contains("(Build backend) | backend saw frontend")
                .contains("✅ Success - Wait for the parallel steps")
                .contains("| after the group");
    }

    @Test
    void stepsInheritTheCertificateAndProxyVariablesAndThoseSlipwayPassEnvNamesOnly() throws Exception {
        repo.file(".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo "ca=[${NODE_EXTRA_CA_CERTS:-}] mine=[${MY_REGISTRY:-}] other=[${OTHER:-}] secret=[${CLOUD_TOKEN:-}]"
                        """).commit("workflow");
        Process p = Cli.runInNewJvm(
                state,
                repo.dir(),
                java.util.Map.of(
                        "NODE_EXTRA_CA_CERTS", "/etc/proxy-ca.pem",
                        "SLIPWAY_PASS_ENV", "MY_REGISTRY, OTHER",
                        "MY_REGISTRY", "http://npm.internal",
                        "OTHER", "o",
                        "CLOUD_TOKEN", "do-not-leak"));
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("ca=[/etc/proxy-ca.pem] mine=[http://npm.internal] other=[o] secret=[]");
    }

    @Test
    void byDefaultTheJobWorkspacesAreInAPrivateTemporaryDirectoryWithoutDotSegments() throws Exception {
        repo.file(".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - run: echo "workspace=$GITHUB_WORKSPACE"
                        """).commit("workflow");
        Path cache = tmp.resolve("xdg-cache");
        Path temp = Files.createDirectories(tmp.resolve("tmpdir"));
        ProcessBuilder pb = new ProcessBuilder(
                        Cli.inNewJvm("run", "-C", repo.dir().toString(), "--color", "never"))
                .redirectErrorStream(true);
        pb.environment().remove("SLIPWAY_HOME");
        pb.environment().remove("SLIPWAY_WORK");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("TMPDIR", temp.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Path own = temp.resolve("slipway-" + System.getProperty("user.name"));
        assertThat(out).contains("workspace=" + own.resolve("runs/slot-1/jobs/1/work"));
        assertThat(java.nio.file.Files.getPosixFilePermissions(own))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(cache.resolve("slipway/run-number")).exists(); // the state stays in the cache directory

        // a directory of that name that is not private is not used
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.createDirectories(shared.resolve("slipway-" + System.getProperty("user.name")));
        assertThat(Config.privateDirectory(shared.resolve("slipway-" + System.getProperty("user.name"))))
                .isFalse();
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, own);
        assertThat(Config.privateDirectory(link)).isFalse();
        assertThat(Config.privateDirectory(own)).isTrue();
    }

    @Test
    void runsInALinkedWorkTree() {
        repo.file(".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - run: echo "ref=$GITHUB_REF subject=$(git log -1 --format=%s)"
                        """).commit("workflow");
        repo.file("feature.txt", "f").commit("on the linked branch");
        Path linked = tmp.resolve("linked");
        new dev.slipway.testing.GitCli(tmp.resolve("home"))
                .run(repo.dir(), "worktree", "add", "-q", "-b", "topic", linked.toString())
                .ok();

        Cli.Result r = Cli.run(state, "run", "-C", linked.toString(), "--color", "never");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("ref=refs/heads/topic subject=on the linked branch");
    }

    @Test
    void aSha256RepositoryIsRefusedWithAClearMessage() {
        Path sha256 = tmp.resolve("sha256");
        var git = new dev.slipway.testing.GitCli(tmp.resolve("home"));
        git.run(tmp, "init", "-q", "--object-format=sha256", sha256.toString()).ok();
        git.commit(
                sha256,
                "first",
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");

        Cli.Result r = Cli.run(state, "run", "-C", sha256.toString(), "--color", "never");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("uses SHA256 object names", "only SHA-1 repositories are supported");
        assertThat(r.all()).doesNotContain("Exception", "Missing unknown");
    }

    @Test
    void shellsBashShPythonAndCustomTemplate() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - shell: bash
                        continue-on-error: true
                        run: |
                          false | true
                          echo "bash pipefail=$(set -o | grep pipefail | awk '{print $2}')"
                      - shell: python
                        run: |
                          import sys
                          print("python", sys.version_info[0])
                      - shell: sh
                        run: echo "sh says hi"
                      - shell: bash -c "cat {0}; echo custom-ran"
                        run: echo "script body"
                      - run: echo "default $(basename "$BASH")"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("python 3", "sh says hi", "custom-ran", "echo \"script body\"", "default bash");
        // shell: bash means -o pipefail, so `false | true` fails the first step
        Runs runs = Runs.parse(Cli.runIn(repo, state, "--json"));
        assertThat(runs.stepOutcome("j", 0)).isEqualTo("failure");
    }

    @Test
    void environmentFilesCarryEnvOutputsPathStateAndSummary() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    outputs:
                      multi: ${{ steps.o.outputs.text }}
                    steps:
                      - run: |
                          echo "SIMPLE=one" >> "$GITHUB_ENV"
                          { echo "MULTI<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_ENV"
                          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
                          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                          echo "## Report" >> "$GITHUB_STEP_SUMMARY"
                      - id: o
                        run: |
                          echo "simple=$SIMPLE"
                          echo "multi=$MULTI" | tr '\\n' '|'; echo
                          mytool
                          { echo "text<<XYZ"; echo "a"; echo "b"; echo "XYZ"; } >> "$GITHUB_OUTPUT"
                      - run: echo "out=${{ steps.o.outputs.text }}" | tr '\\n' '~'; echo
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(runs.conclusion()).isEqualTo("success");
        assertThat(runs.output("j", "multi")).isEqualTo("a\nb");
        assertThat(runs.job("j").get("summary").asText()).contains("## Report");
        Cli.Result live = Cli.runIn(repo, state);
        assertThat(live.out()).contains("simple=one", "multi=line 1|line 2|", "tool-ran", "out=a~b~");
    }

    @Test
    void workflowCommandsAnnotateGroupMaskAndStop() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        run: |
                          echo "::group::Install things"
                          echo "inside the group"
                          echo "::endgroup::"
                          echo "::warning file=app.py,line=3,col=5,title=Style::long line"
                          echo "::notice::just so you know"
                          echo "::add-mask::hunter2"
                          echo "password is hunter2"
                          echo "::stop-commands::pause123"
                          echo "::warning::not a command while stopped"
                          echo "::pause123::"
                          echo "::set-output name=legacy::old-style"
                          echo "::debug::hidden debug"
                      - run: echo "legacy=${{ steps.s.outputs.legacy }}"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("▶ Install things")
                .contains("(1 lines folded)")
                .doesNotContain("| inside the group")
                .contains("app.py:3:5: Style: long line")
                .contains("just so you know")
                .contains("password is ***")
                .doesNotContain("| password is hunter2")
                .contains("::warning::not a command while stopped")
                .contains("legacy=old-style")
                .doesNotContain("##[debug]hidden debug");
        Cli.Result unfolded = Cli.runIn(repo, state, "--no-fold", "-v");
        assertThat(unfolded.out()).contains("| inside the group").contains("##[debug]hidden debug");
    }

    @Test
    void setupActionsPutThisMachinesPythonAndNodeFirstOnPathAndNameWhatIsMissing() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - id: py
                        uses: actions/setup-python@v5
                        with:
                          python-version: '3.x'
                      - id: node
                        uses: actions/setup-node@v4
                        with:
                          node-version: '>=18'
                      - run: |
                          echo "py=$(python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])') out=${{ steps.py.outputs.python-version }}"
                          echo "node=$(node --version) out=${{ steps.node.outputs.node-version }}"
                          echo "which $(command -v python) $(command -v node) $pythonLocation"
                      - uses: actions/setup-python@v5
                        with:
                          python-version: '2.6'
                """);
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        // what the step's python and node say they are is what the setup actions reported
        String[] py = after(line(r.out(), "py="), "py=").split(" out=");
        assertThat(py[0]).isEqualTo(py[1]).startsWith("3.");
        String[] node = after(line(r.out(), "node=v"), "node=").split(" out=");
        assertThat(node[0]).isEqualTo(node[1]).startsWith("v");
        // a Python of its own (pyenv's) has its bin first on PATH, as the real action puts it; one in /usr/bin a
        // wrapper
        String[] which = after(line(r.out(), "which /"), "which ").split(" ");
        assertThat(which[0])
                .satisfiesAnyOf(
                        python -> assertThat(python).isEqualTo(which[2] + "/bin/python"),
                        python -> assertThat(python).contains("/_tools/Python/"));
        assertThat(which[1]).contains("/_tools/node/");
        assertThat(line(r.out(), "no Python matching '2.6'"))
                .contains("actions/setup-python: no Python matching '2.6' on this machine (found: ")
                .contains(py[1] + " (");
    }

    private static String after(String line, String marker) {
        return line.substring(line.indexOf(marker) + marker.length());
    }

    private static String line(String out, String marker) {
        return out.lines()
                .filter(l -> l.contains(marker) && !l.contains("echo"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + marker + " in\n" + out));
    }

    @Test
    void secretsAreMaskedEverywhereIncludingMultiLine() throws Exception {
        Path secrets = tmp.resolve("secrets.env");
        Files.writeString(secrets, "KEY=\"-----BEGIN-----\\nabcdefgh\\n-----END-----\"\nSHORT=pa55word\n");
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          echo "short: ${{ secrets.SHORT }}"
                          echo "$KEY"
                          echo "env: $FROM_ENV"
                        env:
                          KEY: ${{ secrets.KEY }}
                          FROM_ENV: ${{ secrets.ENV_SECRET }}
                """, "--secret-file", secrets.toString(), "--secret", "ENV_SECRET");
        // ENV_SECRET is not in this JVM's environment: a clear error, exit 2
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("ENV_SECRET");
        Cli.Result ok =
                Cli.runIn(repo, state, "--secret-file", secrets.toString(), "--secret", "ENV_SECRET=from-env-value");
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(ok.out())
                .contains("short: ***")
                .contains("env: ***")
                .doesNotContain("pa55word", "abcdefgh", "-----BEGIN-----", "from-env-value");
    }

    @Test
    void stepOutcomeAndConclusionWithContinueOnError() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - id: flaky
                        continue-on-error: true
                        run: exit 4
                      - run: echo "outcome=${{ steps.flaky.outcome }} conclusion=${{ steps.flaky.conclusion }}"
                      - id: bad
                        run: exit 1
                      - run: echo should-be-skipped
                      - if: failure()
                        run: echo "handling failure of ${{ steps.bad.outcome }}"
                      - if: always()
                        run: echo always-runs
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(runs.stepOutcome("j", 0)).isEqualTo("failure");
        assertThat(runs.stepConclusion("j", 0)).isEqualTo("success");
        assertThat(runs.stepOutcome("j", 3)).isEqualTo("skipped");
        assertThat(runs.stepOutcome("j", 4)).isEqualTo("success");
        assertThat(runs.stepOutcome("j", 5)).isEqualTo("success");
        Cli.Result live = Cli.runIn(repo, state);
        assertThat(live.out())
                .contains("outcome=failure conclusion=success", "handling failure of failure", "always-runs")
                .doesNotContain("| should-be-skipped");
    }

    @Test
    void stepTimeoutKillsTheStep() {
        Cli.Result r = run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - timeout-minutes: 0.02
                        run: sleep 30; echo not-reached
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(runs.conclusion()).isEqualTo("failure");
        assertThat(runs.job("j").get("duration_ms").asLong()).isLessThan(20_000);
        assertThat(runs.job("j").get("annotations").toString()).contains("has timed out after");
        assertThat(Cli.runIn(repo, state).out()).doesNotContain("| not-reached");
    }

    @Test
    void defaultEnvironmentVariablesAreSet() {
        Cli.Result r = run("""
                on: push
                jobs:
                  my-job:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          echo "CI=$CI GA=$GITHUB_ACTIONS job=$GITHUB_JOB event=$GITHUB_EVENT_NAME ref=$GITHUB_REF"
                          echo "sha-ok=$([ "$GITHUB_SHA" = "$(git -C "$GITHUB_WORKSPACE" rev-parse HEAD 2>/dev/null || echo "$GITHUB_SHA")" ] && echo yes)"
                          echo "os=$RUNNER_OS ws-set=$([ -d "$GITHUB_WORKSPACE" ] && echo yes) event-file=$(test -s "$GITHUB_EVENT_PATH" && echo yes)"
                          echo "ws=$(basename "$GITHUB_WORKSPACE") parent=$(basename "$(dirname "$GITHUB_WORKSPACE")") pwd-is-ws=$([ "$PWD" = "$GITHUB_WORKSPACE" ] && echo yes)"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("CI=true GA=true job=my-job event=push ref=refs/heads/main")
                .contains("sha-ok=yes")
                .contains("os=Linux ws-set=yes event-file=yes")
                .contains("ws=repo parent=repo pwd-is-ws=yes");
    }
}
