package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void runStepsWithoutIdAreNamedRunThenRunWithTheirSequenceNumberAsOnGithub() throws Exception {
        FakeExecutor fake = FakeExecutor.builder().defaultScript(Script.exit(0)).build();
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: "true"
                      - id: named
                        run: "true"
                      - run: "true"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.startedSteps())
                .extracting(s -> s.env().get("GITHUB_ACTION"))
                .containsExactly("__run", "named", "__run_2");
    }

    @Test
    void githubActionInExpressionsNamesTheStepAsGithubActionDoes() throws Exception {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "one ${{ github.action }} $GITHUB_ACTION"
                      - id: named
                        env:
                          ME: ${{ github.action }}
                        run: echo "two $ME ${{ github.action }}"
                      - if: github.action == '__run_2'
                        run: echo "three ${{ github.action }} $GITHUB_ACTION"
                      - run: echo "after ${{ steps.named.outputs.x }}${{ github.action }}"
                """);
        assertThat(run.result().conclusion())
                .as("%s %s", run.result(), run.all())
                .isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output())
                .contains("one __run __run", "two named named", "three __run_2 __run_2", "after __run_3");
    }

    @Test
    void stepsGetGitHubsDefaultVariablesAndOnlyAllowListedHostVariables() throws Exception {
        FakeExecutor fake = FakeExecutor.builder().defaultScript(Script.exit(0)).build();
        var run = new Harness(dir)
                .executor(fake)
                .options(RuntimeOptions.defaults()
                        .withHostEnv(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/ci"))
                        .withRunnerName("r1"))
                .secrets(Map.of("GITHUB_TOKEN", "tok"))
                .run("""
                        name: CI
                        on: push
                        jobs:
                          build:
                            runs-on: ubuntu-latest
                            steps:
                              - id: s
                                run: "true"
                              - run: "true"
                                env:
                                  WS: ${{ runner.workspace }}
                        """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        StepSpec spec = fake.startedSteps().get(0);
        // runner.workspace and RUNNER_WORKSPACE: the directory above GITHUB_WORKSPACE, as on GitHub's runner
        assertThat(fake.startedSteps().get(1).env()).containsEntry("WS", dir.toString());
        Map<String, String> env = spec.env();
        Path tmp = dir.resolve("tmp");
        assertThat(env)
                .containsEntry("CI", "true")
                .containsEntry("GITHUB_ACTIONS", "true")
                .containsEntry("GITHUB_WORKSPACE", dir.resolve("ws").toString())
                .containsEntry("GITHUB_SHA", "abc123")
                .containsEntry("GITHUB_REF", "refs/heads/main")
                .containsEntry("GITHUB_REF_NAME", "main")
                .containsEntry("GITHUB_REF_TYPE", "branch")
                .containsEntry("GITHUB_REPOSITORY", "acme/widget")
                .containsEntry("GITHUB_REPOSITORY_OWNER", "acme")
                .containsEntry("GITHUB_RUN_ID", "42")
                .containsEntry("GITHUB_RUN_NUMBER", "7")
                .containsEntry("GITHUB_RUN_ATTEMPT", "1")
                .containsEntry("GITHUB_JOB", "build")
                .containsEntry("GITHUB_ACTOR", "octo")
                .containsEntry("GITHUB_EVENT_NAME", "push")
                .containsEntry("GITHUB_WORKFLOW", "CI")
                .containsEntry("GITHUB_SERVER_URL", "http://localhost:8080")
                .containsEntry("GITHUB_API_URL", "http://localhost:8080/api")
                .containsEntry("GITHUB_ACTION", "s")
                .containsEntry("GITHUB_HEAD_REF", "")
                .containsEntry("GITHUB_BASE_REF", "")
                .containsEntry("RUNNER_OS", "Linux")
                .containsEntry("RUNNER_ARCH", "X64")
                .containsEntry("RUNNER_NAME", "r1")
                .containsEntry("RUNNER_TEMP", tmp.toString())
                .containsEntry("RUNNER_WORKSPACE", dir.toString())
                .containsEntry("PATH", "/usr/bin:/bin")
                .containsEntry("HOME", "/home/ci")
                .containsKeys("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY")
                .containsKey("RUNNER_TOOL_CACHE");
        assertThat(env).doesNotContainKey("GITHUB_TOKEN");
        Path event = Path.of(env.get("GITHUB_EVENT_PATH"));
        assertThat(Files.readString(event)).contains("\"ref\"").contains("refs/heads/main");
    }

    @Test
    void envIsLayeredWorkflowJobStepAndRenderedWithTheContextsOfEachLevel() {
        var run = new Harness(dir).run("""
                on: push
                env:
                  LEVEL: workflow
                  REPO: ${{ github.repository }}
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    env:
                      LEVEL: job
                      JOB_ONLY: ${{ github.repository }}-job
                    steps:
                      - env:
                          LEVEL: step
                        run: echo "$LEVEL $REPO $JOB_ONLY ${{ env.LEVEL }}"
                      - run: echo "$LEVEL"
                """);
        assertThat(run.output()).containsExactly("step acme/widget acme/widget-job step", "job");
    }

    @Test
    void workingDirectoryAndDefaultsRunApply() throws Exception {
        Harness h = new Harness(dir);
        Files.createDirectories(h.workspace().resolve("sub/deeper"));
        var run = h.run("""
                on: push
                defaults:
                  run:
                    shell: sh
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    defaults:
                      run:
                        working-directory: sub
                    steps:
                      - run: echo "in $(basename "$PWD")"
                      - working-directory: sub/deeper
                        run: echo "in $(basename "$PWD")"
                """);
        assertThat(run.output()).containsExactly("in sub", "in deeper");
    }

    @Test
    void requiredInputMissingWarnsLikeGitHub() throws Exception {
        Harness h = new Harness(dir);
        Path action = h.workspace().resolve("a");
        Files.createDirectories(action);
        Files.writeString(action.resolve("action.yml"), """
                name: a
                inputs:
                  must:
                    description: m
                    required: true
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "must=[${{ inputs.must }}]"
                """);
        var run = h.run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: ./a
                        with:
                          extra: x
                """);
        assertThat(run.output()).contains("must=[]");
        assertThat(run.result().annotations())
                .extracting(Annotation::message)
                .contains("Input required and not supplied: must")
                .anyMatch(m -> m.startsWith("Unexpected input(s) 'extra'"));
    }

    @Test
    void aJobInARunnerTempAnEarlierJobLeftSeesOnlyItsOwnEventAndScripts() throws Exception {
        // what a longer job of an earlier run leaves in a recycled directory: its event payload is kept for the next
        // job to write over, a script longer than the next job's (emptied by recycling, but not in this worst case)
        Path temp = dir.resolve("tmp");
        Files.createDirectories(temp.resolve("_github_workflow"));
        Files.writeString(temp.resolve("_github_workflow/event.json"), "{\"ref\":\"" + "x".repeat(4000) + "\"}");
        Files.writeString(temp.resolve("script-1.sh"), "echo OLD; exit 3\n".repeat(100));

        var run = new Harness(dir).run("""
                on: push
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - run: cat "$GITHUB_EVENT_PATH"; echo; echo new
                """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsExactly("{", "  \"ref\": \"refs/heads/main\"", "}", "new");
    }
}
