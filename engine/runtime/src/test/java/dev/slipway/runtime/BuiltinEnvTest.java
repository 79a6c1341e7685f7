package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.actions.BuiltinAction;
import dev.slipway.actions.BuiltinCall;
import dev.slipway.actions.BuiltinResult;
import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.runtime.spi.JobHandle.ServiceInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a built-in action hands to the job's later steps, and where it may not run. */
class BuiltinEnvTest {
    @TempDir
    Path dir;

    private static final String IN_CONTAINER = """
            on: push
            jobs:
              t:
                runs-on: ubuntu-latest
                container: python:3.12
                steps:
                  - uses: acme/setup-tool@v1
            """;

    /** A built-in like the setup actions: it sets a variable and puts a directory on PATH, on the host only. */
    private static BuiltinAction toolSetup(boolean hostOnly) {
        return new BuiltinAction() {
            @Override
            public String ref() {
                return "acme/setup-tool";
            }

            @Override
            public boolean hostOnly() {
                return hostOnly;
            }

            @Override
            public BuiltinResult main(BuiltinCall call) {
                return BuiltinResult.ok(
                        Map.of("tool-version", "1.2.3"),
                        Map.of("TOOL_HOME", "/opt/tool"),
                        List.of("/opt/tool/bin", "/opt/tool/sbin"));
            }
        };
    }

    private static RuntimeOptions with(BuiltinAction action) {
        return RuntimeOptions.defaults()
                .withBuiltins(uses -> uses.startsWith(action.ref() + "@") ? Optional.of(action) : Optional.empty());
    }

    @Test
    void aBuiltinsVariablesAndPathReachTheLaterStepsAsIfWrittenToTheEnvironmentFiles() {
        var run = new Harness(dir).options(with(toolSetup(true))).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: tool
                        uses: acme/setup-tool@v1
                      - run: |
                          echo "home=$TOOL_HOME version=${{ steps.tool.outputs.tool-version }} env=${{ env.TOOL_HOME }}"
                          echo "path=$PATH" | cut -d: -f1-2
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        // the last directory written ends up first, as with GITHUB_PATH
        assertThat(run.output())
                .containsExactly("home=/opt/tool version=1.2.3 env=/opt/tool", "path=/opt/tool/sbin:/opt/tool/bin");
    }

    @Test
    void aHostOnlyBuiltinIsRefusedInAContainerJobNamingWhy() {
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.<String, ServiceInfo>of(), Map.of("DOCKER_HOST", "unix:///var/run/docker.sock"))
                .build();
        var run = new Harness(dir).executor(fake).options(with(toolSetup(true))).run(IN_CONTAINER);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(String.join("\n", run.all()))
                .contains("acme/setup-tool@v1 sets up programs of the host, which a job container does not see");

        var allowed =
                new Harness(dir).executor(fake).options(with(toolSetup(false))).run(IN_CONTAINER);
        assertThat(allowed.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void anInputTheBuiltinDoesNotDeclareDrawsGitHubsWarningAndTheStepStillRuns() {
        BuiltinAction declared = new BuiltinAction() {
            @Override
            public String ref() {
                return "acme/setup-tool";
            }

            @Override
            public java.util.Set<String> inputs() {
                return java.util.Set.of("tool-version", "cache");
            }

            @Override
            public BuiltinResult main(BuiltinCall call) {
                return BuiltinResult.ok(Map.of("got", call.input("tool_version", "none")));
            }
        };
        var run = new Harness(dir).options(with(declared)).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: tool
                        uses: acme/setup-tool@v1
                        with:
                          Tool-Version: "1"
                          tool_version: "2"
                          cache: true
                      - run: echo "got=${{ steps.tool.outputs.got }}"
                """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsExactly("got=2");
        assertThat(run.result().annotations())
                .extracting(Annotation::message)
                .containsExactly("Unexpected input(s) 'tool_version', valid inputs are [cache, tool-version]"
                        + " (acme/setup-tool@v1)");
    }

    @Test
    void aBuiltinIsToldTheRepositoryAndRefItWasCalledWithAsGitHubsRunnerTellsAnAction() {
        BuiltinAction reporter = new BuiltinAction() {
            @Override
            public String ref() {
                return "acme/setup-tool";
            }

            @Override
            public BuiltinResult main(BuiltinCall call) {
                return BuiltinResult.ok(Map.of(
                        "repository", call.envVar("GITHUB_ACTION_REPOSITORY").orElse("none"),
                        "ref", call.envVar("GITHUB_ACTION_REF").orElse("none")));
            }
        };
        var run = new Harness(dir).options(with(reporter)).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: tool
                        uses: acme/setup-tool@v1.4.3
                      - run: echo "${{ steps.tool.outputs.repository }}@${{ steps.tool.outputs.ref }} later=$GITHUB_ACTION_REF"
                """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsExactly("acme/setup-tool@v1.4.3 later=");
    }
}
