package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Job-level behaviour of {@code slipway run} against temporary git repositories, with real bash. */
class RunJobsIT extends WorkflowRunIT {

    @Test
    void needsPassOutputsDownstreamInOrder() {
        Cli.Result r = run("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    outputs:
                      version: ${{ steps.v.outputs.version }}
                    steps:
                      - id: v
                        run: echo "version=1.2.3" >> "$GITHUB_OUTPUT"
                  test:
                    needs: build
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "testing ${{ needs.build.outputs.version }} after ${{ needs.build.result }}"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("testing 1.2.3 after success");
        assertThat(r.out().indexOf("[build] 🏁")).isLessThan(r.out().indexOf("[test] 🚀"));
    }

    @Test
    void failedNeedSkipsDependentsUnlessTheyAskForFailureOrAlways() {
        Cli.Result r = run("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: exit 3
                  b:
                    needs: a
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                  on-failure:
                    needs: a
                    if: failure()
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "cleanup after ${{ needs.a.result }}"
                  finally:
                    needs: [a, b]
                    if: always()
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "b was ${{ needs.b.result }}"
                  conditional:
                    if: github.event_name == 'pull_request'
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(runs.jobs())
                .containsEntry("a", "failure")
                .containsEntry("b", "skipped")
                .containsEntry("on-failure", "success")
                .containsEntry("finally", "success")
                .containsEntry("conditional", "skipped");
    }

    @Test
    void aRunWhoseEveryJobIsSkippedIsSkippedAndExitsZero() {
        Cli.Result r = run("""
                on: push
                jobs:
                  deploy:
                    if: github.event_name == 'release'
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                  announce:
                    needs: deploy
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                """, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        Runs runs = Runs.parse(r);
        assertThat(runs.conclusion()).isEqualTo("skipped");
        assertThat(runs.jobs()).containsEntry("deploy", "skipped").containsEntry("announce", "skipped");
        Cli.Result plain = run("""
                on: push
                jobs:
                  deploy:
                    if: false
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                """);
        assertThat(plain.exit()).isZero();
        assertThat(plain.out() + plain.err())
                .contains("Run skipped: no job's if held")
                .doesNotContain("Run succeeded");
    }

    @Test
    void aJobsDurationCountsFromItsStartNotTheWaitForAFreeSlot() {
        // with one slot the second job waits a second for the first; GitHub times a job from when it starts
        Cli.Result r = run("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: sleep 1
                  b:
                    runs-on: ubuntu-latest
                    steps:
                      - run: sleep 1
                """, "--json", "--parallel", "1");
        Runs runs = Runs.parse(r);
        assertThat(runs.root().get("runs").get(0).get("duration_ms").asLong()).isGreaterThanOrEqualTo(2000);
        for (String job : List.of("a", "b")) {
            assertThat(runs.job(job).get("duration_ms").asLong()).as(job).isBetween(1000L, 1900L);
        }
    }

    @Test
    void matrixExpandsWithIncludeAndExcludeAndNamesJobsLikeGithub() {
        Cli.Result r = run("""
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        os: [linux, mac]
                        node: [18, 20]
                        exclude:
                          - os: mac
                            node: 18
                        include:
                          - os: linux
                            node: 20
                            experimental: true
                          - os: bsd
                            node: 22
                    steps:
                      - run: echo "os=${{ matrix.os }} node=${{ matrix.node }} exp=${{ matrix.experimental }} ${{ strategy.job-index }}/${{ strategy.job-total }}"
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(runs.jobs().keySet())
                .containsExactlyInAnyOrder(
                        "test (linux, 18)", "test (linux, 20, true)", "test (mac, 20)", "test (bsd, 22)");
        assertThat(runs.conclusion()).isEqualTo("success");
    }

    @Test
    void matrixFromJobOutputsViaFromJson() {
        Cli.Result r = run("""
                on: push
                jobs:
                  setup:
                    runs-on: ubuntu-latest
                    outputs:
                      targets: ${{ steps.t.outputs.list }}
                    steps:
                      - id: t
                        run: echo 'list=["amd64","arm64","riscv"]' >> "$GITHUB_OUTPUT"
                  build:
                    needs: setup
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        arch: ${{ fromJSON(needs.setup.outputs.targets) }}
                    steps:
                      - run: echo "building ${{ matrix.arch }}"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("building amd64", "building arm64", "building riscv");
    }

    @Test
    void failFastCancelsTheRestOfTheMatrixAndFalseLetsThemFinish() {
        String wf = """
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    strategy:
                      fail-fast: FF
                      matrix:
                        n: [fail, slow]
                    steps:
                      - run: |
                          if [ "${{ matrix.n }}" = fail ]; then exit 1; fi
                          sleep 5
                          echo slow-finished
                """;
        Runs fast = Runs.parse(run(wf.replace("FF", "true"), "--json"));
        assertThat(fast.jobs()).containsEntry("t (fail)", "failure").containsEntry("t (slow)", "cancelled");
        Runs slow = Runs.parse(run(wf.replace("FF", "false"), "--json"));
        assertThat(slow.jobs()).containsEntry("t (fail)", "failure").containsEntry("t (slow)", "success");
    }

    @Test
    void maxParallelOneRunsMatrixJobsOneAtATime() {
        Cli.Result r = run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    strategy:
                      max-parallel: 1
                      matrix:
                        n: [1, 2, 3]
                    steps:
                      - run: |
                          if [ -e "$RUNNER_TEMP/../../../lock" ]; then echo OVERLAP; exit 1; fi
                          touch "$RUNNER_TEMP/../../../lock"; sleep 0.3; rm "$RUNNER_TEMP/../../../lock"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("| OVERLAP");
    }

    @Test
    void continueOnErrorJobDoesNotFailTheRun() {
        Cli.Result r = run("""
                on: push
                jobs:
                  flaky:
                    runs-on: ubuntu-latest
                    continue-on-error: true
                    steps:
                      - run: exit 1
                  after:
                    needs: flaky
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "flaky says ${{ needs.flaky.result }}"
                """, "--json");
        Runs runs = Runs.parse(r);
        assertThat(r.exit()).isZero();
        assertThat(runs.jobs()).containsEntry("flaky", "failure").containsEntry("after", "success");
    }

    @Test
    void jobsOfOneConcurrencyGroupDoNotOverlap() {
        Cli.Result r = run("""
                on: push
                jobs:
                  one:
                    runs-on: ubuntu-latest
                    concurrency: deploy-${{ github.ref_name }}
                    steps:
                      - run: |
                          if [ -e "$RUNNER_TEMP/../../../deploying" ]; then echo OVERLAP; exit 1; fi
                          touch "$RUNNER_TEMP/../../../deploying"; sleep 0.5; rm "$RUNNER_TEMP/../../../deploying"
                  two:
                    runs-on: ubuntu-latest
                    concurrency:
                      group: deploy-${{ github.ref_name }}
                    steps:
                      - run: |
                          if [ -e "$RUNNER_TEMP/../../../deploying" ]; then echo OVERLAP; exit 1; fi
                          touch "$RUNNER_TEMP/../../../deploying"; sleep 0.5; rm "$RUNNER_TEMP/../../../deploying"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("| OVERLAP");
    }

    @Test
    void withQueueMaxEveryJobOfAGroupRunsOneAfterAnother() {
        String step = """
                      - run: |
                          if [ -e "$RUNNER_TEMP/../../../deploying" ]; then echo OVERLAP; exit 1; fi
                          touch "$RUNNER_TEMP/../../../deploying"; sleep 0.3; rm "$RUNNER_TEMP/../../../deploying"
                """;
        StringBuilder jobs = new StringBuilder();
        for (String name : new String[] {"one", "two", "three", "four"}) {
            jobs.append("  ")
                    .append(name)
                    .append(":\n    runs-on: ubuntu-latest\n")
                    .append("    concurrency: {group: deploy, queue: max}\n    steps:\n")
                    .append(step.indent(0).lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n"));
        }
        Cli.Result r = run("on: push\njobs:\n" + jobs, "--json");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(Runs.parse(r).jobs())
                .containsOnlyKeys("one", "two", "three", "four")
                .allSatisfy((job, result) -> assertThat(result).isEqualTo("success"));
    }

    @Test
    void unmappedRunsOnLabelIsReportedNotRun() {
        Cli.Result r = run("""
                on: push
                jobs:
                  win:
                    runs-on: windows-latest
                    steps:
                      - run: echo should-not-run
                """);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("should-not-run");
        assertThat(r.all())
                .containsPattern(
                        "\\.github/workflows/ci\\.yml:4:\\d+: error: no executor for runs-on label 'windows-latest'")
                .contains("--platform windows-latest=host");
        Cli.Result mapped = Cli.runIn(repo, state, "-P", "windows-latest=host");
        assertThat(mapped.exit()).as(mapped.all()).isZero();
        assertThat(mapped.out()).contains("should-not-run");
    }

    @Test
    void reusableWorkflowGetsInputsAndSecretsAndReturnsOutputs() {
        repo.file(".github/workflows/build.yml", """
                on:
                  workflow_call:
                    inputs:
                      target:
                        type: string
                        required: true
                      debug:
                        type: boolean
                        default: false
                    secrets:
                      token:
                        required: true
                    outputs:
                      artifact:
                        value: ${{ jobs.compile.outputs.file }}
                jobs:
                  compile:
                    runs-on: ubuntu-latest
                    outputs:
                      file: ${{ steps.c.outputs.file }}
                    steps:
                      - id: c
                        run: |
                          echo "target=${{ inputs.target }} debug=${{ inputs.debug }} token=${{ secrets.token }}"
                          echo "file=app-${{ inputs.target }}.tar" >> "$GITHUB_OUTPUT"
                """);
        Cli.Result r = run("""
                on: push
                jobs:
                  call:
                    uses: ./.github/workflows/build.yml
                    with:
                      target: linux
                    secrets:
                      token: ${{ secrets.DEPLOY_TOKEN }}
                  use:
                    needs: call
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "got ${{ needs.call.outputs.artifact }}"
                """, "ci.yml", "--secret", "DEPLOY_TOKEN=s3cr3t-value");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("target=linux debug=false token=***")
                .contains("got app-linux.tar")
                .doesNotContain("s3cr3t-value");
        assertThat(r.out()).contains("[call / compile]");
    }

    /**
     * GitHub refuses loops in the workflow tree and connects at most ten levels (the caller and nine reusable
     * workflows). A workflow that called itself made this run hang, nesting without end, and Ctrl-C then overflowed
     * the stack of the cancellation.
     */
    @Test
    void aReusableWorkflowThatCallsItselfOrNestsTooDeepFailsItsCallingJob() {
        repo.file(".github/workflows/self.yml", """
                on: [workflow_call]
                jobs:
                  again:
                    uses: ./.github/workflows/self.yml
                """);
        for (int i = 1; i <= 10; i++) {
            repo.file(".github/workflows/level" + i + ".yml", """
                    on: [workflow_call]
                    jobs:
                      next:
                        uses: ./.github/workflows/level%d.yml
                    """.formatted(i + 1));
        }
        repo.file(".github/workflows/level11.yml", """
                on: [workflow_call]
                jobs:
                  leaf:
                    runs-on: ubuntu-latest
                    steps: [{run: echo leaf-ran}]
                """);
        Cli.Result loop = run("""
                on: push
                jobs:
                  loop:
                    uses: ./.github/workflows/self.yml
                  ok:
                    runs-on: ubuntu-latest
                    steps: [{run: echo other-job-ran}]
                """, "ci.yml");
        assertThat(loop.exit()).as(loop.all()).isEqualTo(1);
        assertThat(loop.all())
                .contains("'.github/workflows/self.yml' calls itself (.github/workflows/ci.yml -> "
                        + ".github/workflows/self.yml -> .github/workflows/self.yml): loops in the workflow tree are"
                        + " not permitted")
                .contains("other-job-ran");

        Cli.Result deep = run("""
                on: push
                jobs:
                  deep:
                    uses: ./.github/workflows/level1.yml
                """, "ci.yml");
        assertThat(deep.exit()).as(deep.all()).isEqualTo(1);
        assertThat(deep.all())
                .contains("workflows connect at most 10 levels deep, the caller and nine reusable workflows")
                .contains(".github/workflows/level9.yml -> .github/workflows/level10.yml)")
                .doesNotContain("leaf-ran");
    }

    /**
     * A called workflow's job that asks for more token permissions than the calling job has is refused, as GitHub
     * refuses the run, instead of running with fewer rights than it asked for; one within them runs.
     */
    @Test
    void aCalledWorkflowAskingForMorePermissionsThanItsCallerFailsTheCallingJob() {
        repo.file(".github/workflows/publish.yml", """
                on: [workflow_call]
                permissions:
                  contents: read
                jobs:
                  release:
                    runs-on: ubuntu-latest
                    permissions:
                      contents: write
                      packages: write
                    steps: [{run: echo release-ran}]
                  notes:
                    runs-on: ubuntu-latest
                    steps: [{run: echo notes-ran}]
                """);
        repo.file(".github/workflows/read.yml", """
                on: [workflow_call]
                jobs:
                  look:
                    runs-on: ubuntu-latest
                    permissions: {contents: read}
                    steps: [{run: echo look-ran}]
                """);
        Cli.Result r = run("""
                on: push
                permissions:
                  contents: read
                  packages: write
                jobs:
                  publish:
                    uses: ./.github/workflows/publish.yml
                  read:
                    uses: ./.github/workflows/read.yml
                """, "ci.yml");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all())
                .contains("'.github/workflows/publish.yml' cannot be called here: its job 'release' asks for"
                        + " contents: write, but the calling job 'publish' allows only contents: read")
                .doesNotContain("release-ran")
                .doesNotContain("notes-ran")
                .contains("look-ran");
    }

    /** GitHub's other limit: at most 50 different reusable workflows in a run's tree of calls. */
    @Test
    void aRunCallsAtMostFiftyDifferentReusableWorkflows() {
        StringBuilder caller = new StringBuilder("on: push\njobs:\n");
        for (int i = 1; i <= 51; i++) {
            repo.file(".github/workflows/w" + i + ".yml", """
                    on: [workflow_call]
                    jobs:
                      leaf:
                        runs-on: ubuntu-latest
                        steps: [{run: echo leaf-%d-ran}]
                    """.formatted(i));
            caller.append("  c")
                    .append(i)
                    .append(":\n    uses: ./.github/workflows/w")
                    .append(i)
                    .append(".yml\n");
            if (i > 1) { // after c1, so that w1 is one of the 50 and the one left out is another
                caller.append("    needs: c1\n");
            }
        }
        caller.append("  again:\n    needs: c1\n    uses: ./.github/workflows/w1.yml\n");
        Cli.Result r = run(caller.toString(), "ci.yml");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all().split("a run calls at most 50 different reusable workflows", -1))
                .as("one call of 52 refused")
                .hasSize(3); // the job's failure line, then the run's end list: one job, two mentions
        // the 50 workflows allowed ran, and w1 a second time (a workflow called again is not another one)
        assertThat(java.util.regex.Pattern.compile("\\| leaf-[0-9]+-ran")
                        .matcher(r.out())
                        .results()
                        .count())
                .isEqualTo(51);
    }

    @Test
    void onlyJobRunsItAndItsNeeds() {
        Cli.Result r = run("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps: [{run: echo ran-a}]
                  b:
                    needs: a
                    runs-on: ubuntu-latest
                    steps: [{run: echo ran-b}]
                  c:
                    runs-on: ubuntu-latest
                    steps: [{run: echo ran-c}]
                """, "-j", "b");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("ran-a", "ran-b").doesNotContain("ran-c");
        Cli.Result unknown = Cli.runIn(repo, state, "-j", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no job 'nope'");

        // another workflow without that job does not run at all, nor shows in --list
        repo.file(".github/workflows/other.yml", """
                        on: push
                        jobs:
                          d:
                            runs-on: ubuntu-latest
                            steps: [{run: echo ran-d}]
                        """).commit("another workflow");
        Cli.Result across = Cli.runIn(repo, state, "-j", "b");
        assertThat(across.exit()).as(across.all()).isZero();
        assertThat(across.out()).contains("ran-b").doesNotContain("ran-d", "ran-c");
        assertThat(Cli.runIn(repo, state, "--list", "-j", "b").out()).doesNotContain("other.yml");

        // -j again: more jobs, of one workflow or of several
        Cli.Result two = Cli.runIn(repo, state, "-j", "b", "-j", "d");
        assertThat(two.exit()).as(two.all()).isZero();
        assertThat(two.out()).contains("ran-a", "ran-b", "ran-d").doesNotContain("ran-c");
        Cli.Result same = Cli.runIn(repo, state, "-j", "c", "-j", "a");
        assertThat(same.out()).contains("ran-a", "ran-c").doesNotContain("ran-b", "ran-d");
        Cli.Result missing = Cli.runIn(repo, state, "-j", "b", "-j", "nope");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no job 'nope'");
    }

    @Test
    void anInvalidWorkflowFileIsLeftOutWhileTheOthersRunAsOnGithub() {
        repo.file(".github/workflows/broken.yml", """
                        on: push
                        jobs:
                          nowhere:
                            steps: [{run: echo ran-broken}]
                        """)
                .file(".github/workflows/good.yml", """
                        on: push
                        jobs:
                          build:
                            runs-on: ubuntu-latest
                            steps: [{run: echo ran-good}]
                        """)
                .commit("one valid workflow, one not");

        Cli.Result all = Cli.runIn(repo, state);
        assertThat(all.exit()).as(all.all()).isEqualTo(2);
        assertThat(all.out()).contains("ran-good").doesNotContain("ran-broken");
        assertThat(all.err())
                .contains(".github/workflows/broken.yml:3:3: error:")
                .contains("slipway: .github/workflows/broken.yml is not valid and left out; the other workflows run");

        Cli.Result job = Cli.runIn(repo, state, "-j", "build");
        assertThat(job.exit()).as(job.all()).isZero();
        assertThat(job.out()).contains("ran-good");
        Cli.Result listed = Cli.runIn(repo, state, "--list");
        assertThat(listed.out()).contains("good.yml").doesNotContain("broken.yml");

        Cli.Result named = Cli.runIn(repo, state, "broken.yml");
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.all()).contains("broken.yml:3:3: error:").doesNotContain("ran-");
    }

    @Test
    void aDispatchOfEveryWorkflowLeavesOutThoseMissingARequiredInputAndSaysSo() {
        repo.file(".github/workflows/needs-input.yml", """
                        on:
                          workflow_dispatch:
                            inputs:
                              pr: {required: true}
                        jobs:
                          n:
                            runs-on: ubuntu-latest
                            steps: [{run: echo ran-needs-input}]
                        """)
                .file(".github/workflows/plain.yml", """
                        on: workflow_dispatch
                        jobs:
                          p:
                            runs-on: ubuntu-latest
                            steps: [{run: echo ran-plain}]
                        """)
                .commit("two dispatchable workflows");

        Cli.Result all = Cli.runIn(repo, state, "-e", "workflow_dispatch");
        assertThat(all.exit()).as(all.all()).isZero();
        assertThat(all.out()).contains("ran-plain").doesNotContain("ran-needs-input");
        assertThat(all.err())
                .contains("slipway: .github/workflows/needs-input.yml not dispatched: ")
                .contains("input 'pr' is required");

        Cli.Result named = Cli.runIn(repo, state, "needs-input.yml", "-e", "workflow_dispatch");
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.err()).contains("input 'pr' is required");
        assertThat(Cli.runIn(repo, state, "needs-input.yml", "-e", "workflow_dispatch", "-i", "pr=7")
                        .out())
                .contains("ran-needs-input");
    }

    @Test
    void matrixFilterKeepsMatchingCombinations() {
        Cli.Result r = run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        node: [18, 20, 22]
                    steps: [{run: 'echo node-${{ matrix.node }}'}]
                """, "--matrix", "node:20");
        assertThat(r.out()).contains("node-20").doesNotContain("node-18", "node-22");
    }

    /**
     * Found by running Java projects' CI: {@code --matrix java:17} failed the run when another job's matrix had no
     * {@code java} key, a repeated key kept only its last value, and a matrix job named {@code Check} showed as
     * {@code Check} for every combination. Now act's filter (a key constrains only the matrices that have it, a
     * repeated key takes any of its values) and GitHub's names ({@code Check (17)}).
     */
    @Test
    void matrixFilterConstrainsOnlyMatricesWithTheKeyAndTakesRepeatedValues() {
        String wf = """
                on: push
                jobs:
                  check:
                    name: Check
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        java: [17, 21, 25]
                    steps: [{run: 'echo java-${{ matrix.java }}'}]
                  os:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        os: [ubuntu-latest]
                    steps: [{run: 'echo os-${{ matrix.os }}'}]
                  after:
                    needs: check
                    runs-on: ubuntu-latest
                    steps: [{run: echo after-ran}]
                """;
        Cli.Result two = run(wf, "--matrix", "java:17", "--matrix", "java:25");
        assertThat(two.exit()).as(two.all()).isZero();
        assertThat(two.out())
                .contains("java-17", "java-25", "os-ubuntu-latest", "after-ran")
                .doesNotContain("java-21")
                .contains("Check (17)", "Check (25)");

        Cli.Result none = Cli.runIn(repo, state, "--matrix", "java:8");
        assertThat(none.exit()).as(none.all()).isZero();
        assertThat(none.out())
                .contains("os-ubuntu-latest")
                .contains("no combination of its matrix matches --matrix")
                .doesNotContain("java-", "after-ran");
        assertThat(Cli.runIn(repo, state, "--list", "--matrix", "java:8").out())
                .contains("(left out: no combination matches --matrix)")
                .contains("os (ubuntu-latest)");

        // -j runs the jobs the named one needs too: a key of their matrices counts
        Cli.Result needed = Cli.runIn(repo, state, "-j", "after", "--matrix", "java:17");
        assertThat(needed.exit()).as(needed.all()).isZero();
        assertThat(needed.out()).contains("java-17", "after-ran").doesNotContain("java-25");

        Cli.Result typo = Cli.runIn(repo, state, "--matrix", "jav:17");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("--matrix jav: no job's matrix has the key 'jav' (keys: java, os)");
    }

    @Test
    void matrixFilterReachesIntoObjectValuesByADottedKeyOrTheirJson() {
        String wf = """
                on: push
                jobs:
                  san:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        config:
                          - {name: ASAN, flags: -fsanitize=address}
                          - {name: UBSAN, flags: -fsanitize=undefined}
                    steps: [{run: 'echo with-${{ matrix.config.name }}'}]
                """;
        Cli.Result dotted = run(wf, "--matrix", "config.name:ASAN");
        assertThat(dotted.exit()).as(dotted.all()).isZero();
        assertThat(dotted.out()).contains("with-ASAN").doesNotContain("with-UBSAN");

        Cli.Result json = Cli.runIn(
                repo, state, "--matrix", "config:{ \"name\": \"UBSAN\", \"flags\": \"-fsanitize=undefined\" }");
        assertThat(json.exit()).as(json.all()).isZero();
        assertThat(json.out()).contains("with-UBSAN").doesNotContain("with-ASAN");

        Cli.Result typo = Cli.runIn(repo, state, "--matrix", "confg.name:ASAN");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("no job's matrix has the key 'confg.name' (keys: config)");
    }

    /** In a clone of a GitHub repository, {@code github.server_url} is GitHub's, as workflows building links expect. */
    @Test
    void theServerUrlIsTheOriginRemotesServer() throws Exception {
        var config = repo.repository().getConfig();
        config.setString("remote", "origin", "url", "git@github.com:acme/shop.git");
        config.save();
        Cli.Result r = run("""
                on: push
                jobs:
                  links:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "at ${{ github.server_url }}/${{ github.repository }} $GITHUB_SERVER_URL $GITHUB_API_URL"
                """);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("at https://github.com/acme/shop https://github.com https://api.github.com");
    }

    @Test
    void listAndGraphShowJobsWithoutRunningThem() {
        String wf = """
                on: push
                jobs:
                  lint:
                    runs-on: ubuntu-latest
                    steps: [{run: echo RAN}]
                  test:
                    needs: lint
                    runs-on: ubuntu-latest
                    steps: [{run: echo RAN}]
                  build:
                    needs: [lint, test]
                    runs-on: ubuntu-latest
                    steps: [{run: echo RAN}]
                """;
        Cli.Result list = run(wf, "--list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("lint", "test", "build").doesNotContain("RAN");
        Cli.Result onlyTest = Cli.runIn(repo, state, "--list", "-j", "test");
        assertThat(onlyTest.out()).contains("lint", "test").doesNotContain("build");
        Cli.Result graph = Cli.runIn(repo, state, "--graph");
        assertThat(graph.out()).contains("[lint]").contains("[test ← lint]").contains("[build ← lint, test]");
    }

    @Test
    void listShowsEachMatrixCombinationNamedAsTheRunNamesIt() {
        String wf = """
                on: push
                jobs:
                  gen:
                    runs-on: ubuntu-latest
                    outputs: {list: '${{ steps.s.outputs.list }}'}
                    steps: [{id: s, run: echo RAN}]
                  test:
                    name: Node ${{ matrix.node }} on ${{ matrix.os }}
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        os: [linux]
                        node: [20, 22]
                    steps: [{run: echo RAN}]
                  plain:
                    runs-on: ubuntu-latest
                    strategy: {matrix: {v: [a, b]}}
                    steps: [{run: echo RAN}]
                  later:
                    needs: gen
                    name: Later ${{ matrix.x }}
                    runs-on: ubuntu-latest
                    strategy: {matrix: {x: '${{ fromJSON(needs.gen.outputs.list) }}'}}
                    steps: [{run: echo RAN}]
                """;
        Cli.Result list = run(wf, "--list");
        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.out())
                .containsPattern("test \\(linux, 20\\) +Node 20 on linux")
                .containsPattern("test \\(linux, 22\\) +Node 22 on linux")
                .containsPattern("plain \\(a\\) +plain \\(a\\)")
                .containsPattern("later +Later \\$\\{\\{ matrix.x }} \\(matrix from the run\\) +gen")
                .doesNotContain("RAN");
        Cli.Result filtered = Cli.runIn(repo, state, "--list", "--matrix", "node:22");
        assertThat(filtered.out()).contains("Node 22 on linux").doesNotContain("Node 20 on linux");
    }

    @Test
    void listLeavesOutJobsWhoseIfTheEventAlreadyDecides() {
        Cli.Result r = run("""
                on: push
                jobs:
                  on-main: {if: github.ref == 'refs/heads/main', runs-on: ubuntu-latest, steps: [{run: echo m}]}
                  on-tag: {if: "startsWith(github.ref, 'refs/tags/')", runs-on: ubuntu-latest, steps: [{run: echo t}]}
                  after-tag: {needs: on-tag, runs-on: ubuntu-latest, steps: [{run: echo a}]}
                  after-tag-always: {needs: on-tag, if: always(), runs-on: ubuntu-latest, steps: [{run: echo b}]}
                  reads-needs: {needs: on-main, if: "needs.on-main.result == 'success'", runs-on: ubuntu-latest, steps: [{run: echo c}]}
                """, "--list");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .containsPattern("on-main +on-main")
                .containsPattern("on-tag +\\(left out: its if: condition is false\\)")
                .containsPattern("after-tag +\\(left out: a job it needs is left out\\) +on-tag")
                .containsPattern("after-tag-always +after-tag-always")
                .containsPattern("reads-needs +reads-needs");
    }

    @Test
    void eventsSelectWorkflowsByTheirFilters() {
        repo.file(".github/workflows/pr.yml", """
                on:
                  pull_request:
                    branches: [main]
                jobs:
                  pr:
                    runs-on: ubuntu-latest
                    steps: [{run: 'echo "pr ${{ github.event.pull_request.base.ref }} ${{ github.event_name }}"'}]
                """);
        Cli.Result r = run("""
                on:
                  push:
                    branches: [release/**]
                jobs:
                  push:
                    runs-on: ubuntu-latest
                    steps: [{run: echo push-ran}]
                """);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no workflow runs on event 'push'").contains("ci.yml");
        Cli.Result pr = Cli.runIn(repo, state, "-e", "pull_request");
        assertThat(pr.exit()).as(pr.all()).isZero();
        assertThat(pr.out()).contains("pr main pull_request");
    }

    @Test
    void aPushEventFileWithoutCommitsIsFilteredByTheFilesBetweenBeforeAndAfter() throws Exception {
        repo.file(".github/workflows/ci.yml", """
                        on:
                          push:
                            paths: ['src/**']
                        jobs:
                          j:
                            runs-on: ubuntu-latest
                            steps: [{run: echo SRC-CHANGED}]
                        """).file("src/a.txt", "a\n").commit("workflow and source");
        String before = repo.head();
        String docs = repo.file("docs/x.md", "x\n").commit("docs only");
        String src = repo.file("src/a.txt", "b\n").commit("source");
        Path onlyDocs = tmp.resolve("docs.json");
        Files.writeString(
                onlyDocs,
                "{\"ref\": \"refs/heads/main\", \"before\": \"" + before + "\", \"after\": \"" + docs + "\"}");
        Path withSource = tmp.resolve("src.json");
        Files.writeString(
                withSource,
                "{\"ref\": \"refs/heads/main\", \"before\": \"" + before + "\", \"after\": \"" + src + "\"}");

        Cli.Result skipped = Cli.runIn(repo, state, "-e", "push", "--event-file", onlyDocs.toString());
        Cli.Result ran = Cli.runIn(repo, state, "-e", "push", "--event-file", withSource.toString());

        // as GitHub compares before and after when a payload lists no commits
        assertThat(skipped.exit()).as(skipped.all()).isEqualTo(2);
        assertThat(skipped.err()).contains("no workflow runs on event 'push'").contains("docs/x.md");
        assertThat(ran.exit()).as(ran.all()).isZero();
        assertThat(ran.out()).contains("SRC-CHANGED");
    }

    @Test
    void aPullRequestRunChecksOutATestMergeOfItsBranchIntoTheDefaultBranch() {
        repo.file(".github/workflows/ci.yml", """
                        on:
                          pull_request:
                            paths: ['src/**']
                        jobs:
                          merge:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - run: |
                                  echo "parents $(git log -1 --format=%P) sha $GITHUB_SHA ref $GITHUB_REF"
                                  echo "event base ${{ github.event.pull_request.base.sha }} head ${{ github.event.pull_request.head.sha }}"
                                  cat base.txt src/feature.txt
                        """)
                .file(".github/workflows/base-only.yml", """
                        on:
                          pull_request:
                            paths: [base.txt]
                        jobs:
                          never:
                            runs-on: ubuntu-latest
                            steps: [{run: echo BASE-ONLY-RAN}]
                        """)
                .commit("workflows");
        repo.branch("feature").checkout("feature");
        String feature = repo.file("src/feature.txt", "from the feature\n").commit("feature");
        repo.checkout("main");
        String main = repo.file("base.txt", "from main\n").commit("main moves on");
        repo.checkout("feature");

        Cli.Result r = Cli.runIn(repo, state, "-e", "pull_request");

        // as on GitHub: a merge commit with the base's tip and the head as parents, which the job checks out
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .containsPattern("parents " + main + " " + feature + " sha [0-9a-f]{40} ref refs/pull/1/merge")
                .contains("event base " + main + " head " + feature)
                .contains("from main", "from the feature")
                .doesNotContain("BASE-ONLY-RAN"); // what the base changed is not the pull request's change
        String sha = r.out()
                .lines()
                .filter(l -> l.contains("| parents "))
                .findFirst()
                .orElseThrow()
                .replaceAll(".* sha ([0-9a-f]{40}) .*", "$1");
        Cli.Result again = Cli.runIn(repo, state, "-e", "pull_request");
        assertThat(again.out()).contains("sha " + sha); // the same test merge for the same two commits

        Cli.Result uncommitted = Cli.runIn(repo, state, "-e", "pull_request", "--uncommitted");
        assertThat(uncommitted.out()).contains("sha " + feature); // only a checkout of HEAD gets the changes

        repo.file("base.txt", "the feature's own\n").commit("touches base.txt too");
        Cli.Result conflict = Cli.runIn(repo, state, "-e", "pull_request");
        assertThat(conflict.exit()).isEqualTo(2);
        assertThat(conflict.err())
                .contains("feature (", ") does not merge cleanly into main (" + main.substring(0, 7) + ")")
                .contains("conflicts in base.txt; GitHub runs no pull_request workflow while a pull request has"
                        + " conflicts");
    }

    /** A workflow_dispatch workflow with typed inputs; its step prints the inputs and two variables. */
    private static final String DISPATCH = """
            on:
              workflow_dispatch:
                inputs:
                  env:
                    type: choice
                    options: [dev, prod]
                    default: dev
                  dry:
                    type: boolean
                    default: true
                  replicas:
                    type: number
                    default: 2
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "env=${{ inputs.env }} dry=${{ inputs.dry }} replicas=${{ inputs.replicas }} strict=${{ inputs.dry == false }} region=${{ vars.REGION }} tier=${{ vars.tier }}"
            """;

    @Test
    void workflowDispatchInputsAreTypedAndValidated() {
        Cli.Result ok = run(DISPATCH, "-e", "workflow_dispatch", "--input", "env=prod", "--input", "dry=false");
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("env=prod dry=false replicas=2 strict=true");
        Cli.Result bad = Cli.runIn(repo, state, "-e", "workflow_dispatch", "--input", "env=qa");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(".github/workflows/ci.yml").contains("qa");
    }

    @Test
    void githubEventInputsHoldEveryInputWithItsDefaultAsStrings() {
        Cli.Result r = run("""
                on:
                  workflow_dispatch:
                    inputs:
                      env: {type: choice, options: [dev, prod], default: dev}
                      dry: {type: boolean, default: false}
                      note: {type: string}
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo 'event ${{ github.event.inputs.env }}/${{ github.event.inputs.dry }}/${{ github.event.inputs.note }} dry-is-string ${{ github.event.inputs.dry == 'false' }} typed ${{ inputs.dry == false }}'
                """, "-e", "workflow_dispatch", "--input", "note=hi");

        // as GitHub's payload: the defaults of the inputs not given are there too, and all are strings
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("event dev/false/hi dry-is-string true typed true");
    }

    @Test
    void inputsAndVariablesComeFromDotenvFilesWithTheCommandLineWinning() throws Exception {
        Path inputFile = tmp.resolve("dispatch.env");
        Files.writeString(inputFile, "# release inputs\nenv=prod\nreplicas=5\n");
        Path varFile = tmp.resolve("vars.env");
        Files.writeString(varFile, "REGION=eu-west-1\nexport TIER='gold'\n");

        Cli.Result ok = run(
                DISPATCH,
                "-e",
                "workflow_dispatch",
                "--input-file",
                inputFile.toString(),
                "--input",
                "replicas=3",
                "--var-file",
                varFile.toString(),
                "--var",
                "TIER=silver");
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("env=prod dry=true replicas=3 strict=false region=eu-west-1 tier=silver");

        // a value a file gives is validated like one given on the command line
        Files.writeString(inputFile, "env=qa\n");
        Cli.Result bad = Cli.runIn(repo, state, "-e", "workflow_dispatch", "--input-file", inputFile.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(".github/workflows/ci.yml").contains("qa");

        Path missing = tmp.resolve("nowhere.env");
        Cli.Result noFile = Cli.runIn(repo, state, "--var-file", missing.toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("cannot read variable file " + missing + ": no such file");
        assertThat(noFile.err()).doesNotContain("Exception");

        Files.writeString(varFile, "REGION=eu\nnot a pair\n");
        Cli.Result malformed = Cli.runIn(repo, state, "--var-file", varFile.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains(varFile + ":2:1: expected KEY=VALUE");
    }

    @Test
    void badCommandLineValuesExitWithTwoNamingTheOptionOrTheFile() throws Exception {
        Cli.Result ok = run(DISPATCH, "-e", "workflow_dispatch");
        assertThat(ok.exit()).as(ok.all()).isZero();

        Cli.Result parallel = Cli.runIn(repo, state, "--parallel", "0");
        assertThat(parallel.exit()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel wants 1 or more job instances at once, got 0");

        Cli.Result noKey = Cli.runIn(repo, state, "-e", "workflow_dispatch", "--input", "=prod");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("--input wants KEY=VALUE, got '=prod'");

        Path missing = tmp.resolve("no-event.json");
        Cli.Result noEvent = Cli.runIn(repo, state, "--event-file", missing.toString());
        assertThat(noEvent.exit()).isEqualTo(2);
        assertThat(noEvent.err()).contains("cannot read the event file " + missing + ": no such file");

        Path event = tmp.resolve("event.json");
        Files.writeString(event, "{\n  \"ref\": \"refs/heads/main\",\n  bad\n}\n");
        Cli.Result badJson = Cli.runIn(repo, state, "--event-file", event.toString());
        assertThat(badJson.exit()).isEqualTo(2);
        assertThat(badJson.err())
                .contains(event + ": invalid JSON: Unexpected character ('b' (code 98))")
                .contains("(line 3, column 3)")
                .doesNotContain("invalid JSON: invalid JSON")
                .doesNotContain("Exception");
    }

    @Test
    void consecutiveRunsReuseOneRunSlotAndItsJobDirectoriesWhileARunningOneHoldsItsOwn() throws Exception {
        String workflow = """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "temp=$(stat -c %i "$RUNNER_TEMP") $RUNNER_TEMP"
                """;
        Cli.Result first = run(workflow);
        Cli.Result second = Cli.runIn(repo, state);
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(second.exit()).as(second.all()).isZero();
        String temp = first.out()
                .lines()
                .filter(l -> l.contains("temp=") && !l.contains("stat -c"))
                .findFirst()
                .orElseThrow();
        assertThat(temp).contains(state.resolve("runs/slot-1").toString());
        assertThat(second.out()).contains(temp.substring(temp.indexOf("temp=")));
        try (var runs = java.nio.file.Files.list(state.resolve("runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("slot-1", "slot-1.lock");
        }
        // while a run holds slot 1, the next one gets slot 2
        try (var held = Config.claimSlot(state.resolve("runs")).orElseThrow()) {
            assertThat(held.dir()).isEqualTo(state.resolve("runs/slot-1"));
            Cli.Result third = Cli.runIn(repo, state);
            assertThat(third.out()).contains(state.resolve("runs/slot-2").toString());
        }
    }
}
