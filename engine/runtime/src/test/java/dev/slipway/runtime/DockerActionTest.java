package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.Call;
import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerActionTest {
    @TempDir
    Path dir;

    private Path action(String actionYml) throws IOException {
        Path d = dir.resolve("actions").resolve("hello");
        Files.createDirectories(d.resolve("docker"));
        Files.writeString(d.resolve("action.yml"), actionYml);
        Files.writeString(d.resolve("Dockerfile"), "FROM alpine:3.20\n");
        Files.writeString(d.resolve("docker").resolve("Dockerfile"), "FROM alpine:3.20\n");
        return d;
    }

    private RuntimeOptions resolving(Path actionDir) {
        return RuntimeOptions.defaults().withActions(ref -> Optional.of(actionDir), "test dir");
    }

    private static boolean inContainer(StepSpec step) {
        return step.container().isPresent();
    }

    @Test
    void aDockerfileActionIsBuiltInItsDirectoryAndRunWithArgsInputsAndEnv() throws IOException {
        Path actionDir = action("""
                name: hello
                inputs:
                  who:
                    description: w
                    default: world
                  greeting:
                    description: g
                outputs:
                  said:
                    description: s
                runs:
                  using: docker
                  image: Dockerfile
                  entrypoint: /entry.sh
                  args:
                    - ${{ inputs.who }}
                    - --greeting=${{ inputs.greeting }}
                  env:
                    MODE: loud-${{ inputs.who }}
                """);
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of("DOCKER_HOST", "tcp://engine:2375"))
                .buildOutput("Step 1/1 : FROM alpine:3.20", "Successfully built 0123")
                .onStep(
                        DockerActionTest::inContainer,
                        Script.lines("hello octo").appendEnvFile("GITHUB_OUTPUT", "said=hi octo\n"))
                .build();
        var run = new Harness(dir)
                .executor(fake)
                .options(resolving(actionDir))
                .image("localhost/slipway/bookworm:latest")
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - id: h
                                uses: acme/hello@v1
                                with:
                                  who: octo
                                  greeting: hi
                              - run: echo "${{ steps.h.outputs.said }}"
                        """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.builds()).hasSize(1);
        Call.Build build = fake.builds().getFirst();
        assertThat(build.context()).isEqualTo(actionDir);
        assertThat(build.dockerfile()).isEqualTo("Dockerfile");
        assertThat(build.tag()).startsWith("slipway-action/acme-hello-v1:");
        StepSpec step = fake.startedSteps().getFirst();
        assertThat(step.container()).contains(new StepSpec.StepContainer(build.tag(), Optional.of("/entry.sh")));
        assertThat(step.command()).containsExactly("octo", "--greeting=hi");
        assertThat(step.workingDirectory()).isEqualTo(dir.resolve("ws"));
        assertThat(step.env())
                .containsEntry("INPUT_WHO", "octo")
                .containsEntry("INPUT_GREETING", "hi")
                .containsEntry("MODE", "loud-octo")
                .containsEntry("DOCKER_HOST", "tcp://engine:2375")
                .containsEntry(
                        "GITHUB_OUTPUT",
                        dir.resolve("tmp/_runner_file_commands/set_output").toString());
        assertThat(run.step("h").outputs()).containsEntry("said", "hi octo");
        assertThat(run.output()).contains("Step 1/1 : FROM alpine:3.20", "hello octo");
        assertThat(run.all()).noneMatch(l -> l.contains("Unexpected input"));
    }

    @Test
    void aDockerImageStepRunsWithArgsAndEntrypointFromWith() {
        FakeExecutor fake =
                FakeExecutor.builder().containers(Map.of(), Map.of()).build();
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: docker://alpine:3.20
                        with:
                          entrypoint: /bin/sh
                          args: -c "echo ${{ github.sha }} done"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.builds()).isEmpty();
        StepSpec step = fake.startedSteps().getFirst();
        assertThat(step.container()).contains(new StepSpec.StepContainer("alpine:3.20", Optional.of("/bin/sh")));
        assertThat(step.command()).containsExactly("-c", "echo abc123 done");
        assertThat(step.env()).containsEntry("INPUT_ENTRYPOINT", "/bin/sh");
    }

    @Test
    void preMainAndPostEntrypointsRunInGitHubsOrderSharingStateAndOneBuild() throws IOException {
        Path actionDir = action("""
                name: hello
                runs:
                  using: docker
                  image: ./docker/Dockerfile
                  pre-entrypoint: /pre.sh
                  entrypoint: /main.sh
                  post-entrypoint: /post.sh
                  pre-if: github.event_name == 'push'
                  args: [same]
                """);
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .onStep(
                        s -> s.container()
                                .flatMap(StepSpec.StepContainer::entrypoint)
                                .equals(Optional.of("/pre.sh")),
                        Script.exit(0).appendEnvFile("GITHUB_STATE", "token=from-pre\n"))
                .build();
        var run = new Harness(dir).executor(fake).options(resolving(actionDir)).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: alpine:3.20
                    steps:
                      - uses: acme/hello@v1
                      - run: echo between
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        List<String> order = fake.startedSteps().stream()
                .map(s -> s.container()
                        .flatMap(StepSpec.StepContainer::entrypoint)
                        .orElse("run"))
                .toList();
        assertThat(order).containsExactly("/pre.sh", "/main.sh", "run", "/post.sh");
        assertThat(run.result().steps())
                .extracting(StepResult::name)
                .containsExactly(
                        "Pre Run acme/hello@v1", "Run acme/hello@v1", "Run echo between", "Post Run acme/hello@v1");
        assertThat(fake.builds())
                .containsExactly(new Call.Build(
                        actionDir.resolve("docker"),
                        "Dockerfile",
                        fake.builds().getFirst().tag()));
        List<StepSpec> steps = fake.startedSteps();
        assertThat(steps.get(1).env()).containsEntry("STATE_token", "from-pre");
        assertThat(steps.get(3).env()).containsEntry("STATE_token", "from-pre");
        assertThat(steps.get(3).command()).containsExactly("same");
    }

    @Test
    void preIfAndPostIfDecideWhetherTheExtraEntrypointsRun() throws IOException {
        Path actionDir = action("""
                name: hello
                runs:
                  using: docker
                  image: docker://alpine:3.20
                  pre-entrypoint: /pre.sh
                  entrypoint: /main.sh
                  post-entrypoint: /post.sh
                  pre-if: github.event_name == 'schedule'
                  post-if: failure()
                """);
        FakeExecutor fake =
                FakeExecutor.builder().containers(Map.of(), Map.of()).build();
        var run = new Harness(dir).executor(fake).options(resolving(actionDir)).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: alpine:3.20
                    steps:
                      - uses: acme/hello@v1
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.startedSteps())
                .extracting(s -> s.container().orElseThrow())
                .containsExactly(new StepSpec.StepContainer("alpine:3.20", Optional.of("/main.sh")));
        assertThat(run.result().steps())
                .extracting(StepResult::conclusion)
                .containsExactly(Conclusion.SKIPPED, Conclusion.SUCCESS, Conclusion.SKIPPED);
        assertThat(fake.builds()).isEmpty();
    }

    @Test
    void aFailedBuildFailsTheStepWithTheExecutorsMessage() throws IOException {
        Path actionDir = action("""
                name: hello
                runs:
                  using: docker
                  image: Dockerfile
                """);
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .failBuild("manifest for alpine:3.20 not found")
                .build();
        var run = new Harness(dir)
                .executor(fake)
                .options(resolving(actionDir))
                .image("bookworm")
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: h
                        uses: acme/hello@v1
                """);
        assertThat(run.step("h").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(fake.startedSteps()).isEmpty();
        assertThat(run.all())
                .anyMatch(l -> l.startsWith("ERROR cannot build the image of 'acme/hello@v1'")
                        && l.contains("manifest for alpine:3.20 not found"));
    }

    @Test
    void aHostExecutorRefusesDockerActionsAtSetUp() throws IOException {
        Path actionDir = action("""
                name: hello
                runs:
                  using: docker
                  image: Dockerfile
                """);
        FakeExecutor fake = FakeExecutor.builder().build();
        var run = new Harness(dir).executor(fake).options(resolving(actionDir)).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo never
                      - uses: acme/hello@v1
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(fake.startedSteps()).isEmpty();
        assertThat(run.result().failure())
                .hasValueSatisfying(f -> assertThat(f)
                        .startsWith(".github/workflows/test.yml:7:")
                        .contains("docker container actions need a container executor ('acme/hello@v1')"));
    }
}
