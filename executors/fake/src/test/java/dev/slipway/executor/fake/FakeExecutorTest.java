package dev.slipway.executor.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeExecutorTest {
    @TempDir
    Path dir;

    JobSpec jobSpec() {
        return new JobSpec("run-1/build/1", dir, dir, Map.of(), Optional.empty());
    }

    StepSpec step(String... command) {
        return new StepSpec(
                "step",
                List.of(command),
                dir,
                Map.of("GITHUB_OUTPUT", dir.resolve("out").toString()));
    }

    record Result(List<String> lines, StepExit exit) {}

    static Result run(FakeExecutor fake, JobHandle job, StepSpec spec) throws Exception {
        StepHandle step = fake.startStep(job, spec);
        List<String> lines = new ArrayList<>();
        fake.logs(step, lines::add);
        return new Result(lines, fake.awaitStep(step, Duration.ofSeconds(1)));
    }

    @Test
    void followsTheFirstMatchingRuleAndTheDefaultOtherwise() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("make test", Script.lines("ok").thenExit(1))
                .onCommandContaining("make", Script.lines("other make"))
                .defaultScript(Script.exit(7))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        assertThat(run(fake, job, step("bash", "-c", "make test")))
                .isEqualTo(new Result(List.of("ok"), StepExit.of(1)));
        assertThat(run(fake, job, step("make", "all"))).isEqualTo(new Result(List.of("other make"), StepExit.of(0)));
        assertThat(run(fake, job, step("true"))).isEqualTo(new Result(List.of(), StepExit.of(7)));
        assertThat(fake.name()).isEqualTo("fake");
    }

    @Test
    void unmatchedStepsSucceedSilentlyByDefault() throws Exception {
        FakeExecutor fake = FakeExecutor.builder().build();
        JobHandle job = fake.prepareJob(jobSpec());
        assertThat(run(fake, job, step("anything"))).isEqualTo(new Result(List.of(), StepExit.of(0)));
    }

    @Test
    void matchesOnTheContentOfAScriptFileNamedInTheCommand() throws Exception {
        Path script = Files.writeString(dir.resolve("step.sh"), "set -e\nnpm run lint\n");
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("npm run lint", Script.lines("lint failed").thenExit(2))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        assertThat(run(fake, job, step("bash", "-e", script.toString())).exit()).isEqualTo(StepExit.of(2));
        assertThat(run(fake, job, step("bash", "-e", "step.sh")).exit())
                .as("a path relative to the working directory")
                .isEqualTo(StepExit.of(2));
        assertThat(run(fake, job, step("bash", "-e", dir.resolve("missing.sh").toString()))
                        .exit())
                .isEqualTo(StepExit.of(0));
    }

    @Test
    void matchesOnAnyPredicateOverTheStep() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onStep(s -> s.env().containsKey("DEPLOY"), Script.exit(3))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        StepSpec deploy = new StepSpec("d", List.of("x"), dir, Map.of("DEPLOY", "1"));
        assertThat(run(fake, job, deploy).exit()).isEqualTo(StepExit.of(3));
        assertThat(run(fake, job, step("x")).exit()).isEqualTo(StepExit.of(0));
    }

    @Test
    void aHangingStepTimesOutAndEndsKilledOnlyWhenDestroyed() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("sleep", Script.lines("started").thenHang())
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        StepHandle step = fake.startStep(job, step("sleep", "1000"));
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> logs = CompletableFuture.runAsync(() -> fake.logs(step, lines::add));

        assertThat(fake.awaitStep(step, Duration.ofMillis(50))).isEqualTo(StepExit.timeout());
        assertThat(logs).isNotDone();

        fake.destroyStep(step);
        logs.get(1, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("started");
        assertThat(fake.awaitStep(step, Duration.ZERO)).isEqualTo(new StepExit(143, false, true));
    }

    @Test
    void destroyJobEndsItsHangingSteps() throws Exception {
        FakeExecutor fake = FakeExecutor.builder().defaultScript(Script.hang()).build();
        JobHandle job = fake.prepareJob(jobSpec());
        StepHandle step = fake.startStep(job, step("server"));
        fake.destroyJob(job);
        assertThat(fake.awaitStep(step, Duration.ofSeconds(1)).killed()).isTrue();
        assertThatThrownBy(() -> fake.startStep(job, step("more"))).hasMessageContaining("destroyed");
    }

    @Test
    void failPrepareMakesPrepareJobThrow() {
        FakeExecutor fake = FakeExecutor.builder().failPrepare("no docker here").build();
        assertThatThrownBy(() -> fake.prepareJob(jobSpec()))
                .isInstanceOf(ExecutorException.class)
                .hasMessage("no docker here");
        assertThat(fake.preparedJobs()).containsExactly(jobSpec());
    }

    @Test
    void aStartFailureMakesStartStepThrow() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .onCommandContaining("pwsh", Script.startFailure("pwsh: command not found"))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        assertThatThrownBy(() -> fake.startStep(job, step("pwsh", "-c", "x")))
                .isInstanceOf(ExecutorException.class)
                .hasMessage("pwsh: command not found");
        assertThat(fake.startedSteps()).containsExactly(step("pwsh", "-c", "x"));
    }

    @Test
    void appendsToFilesNamedByEnvironmentVariables() throws Exception {
        Path out = Files.writeString(dir.resolve("out"), "first=1\n");
        FakeExecutor fake = FakeExecutor.builder()
                .defaultScript(Script.lines("done")
                        .appendEnvFile("GITHUB_OUTPUT", "version=1.2\n")
                        .appendEnvFile("GITHUB_OUTPUT", "name=slipway\n"))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        run(fake, job, step("build"));
        assertThat(out).hasContent("first=1\nversion=1.2\nname=slipway\n");
    }

    @Test
    void failsToStartWhenTheEnvironmentFileVariableIsMissing() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .defaultScript(Script.exit(0).appendEnvFile("GITHUB_ENV", "A=b\n"))
                .build();
        JobHandle job = fake.prepareJob(jobSpec());
        assertThatThrownBy(() -> fake.startStep(job, step("x"))).hasMessageContaining("GITHUB_ENV");
    }

    @Test
    void recordsEveryCallInOrder() throws Exception {
        FakeExecutor fake = FakeExecutor.builder().build();
        JobHandle job = fake.prepareJob(jobSpec());
        StepHandle step = fake.startStep(job, step("a"));
        fake.destroyStep(step);
        fake.destroyStep(step);
        fake.destroyJob(job);
        fake.destroyJob(job);

        assertThat(fake.calls())
                .containsExactly(
                        new Call.Prepare(jobSpec()),
                        new Call.Start(jobSpec(), step("a")),
                        new Call.DestroyStep(step("a")),
                        new Call.DestroyStep(step("a")),
                        new Call.DestroyJob(jobSpec()),
                        new Call.DestroyJob(jobSpec()));
        assertThat(fake.preparedJobs()).containsExactly(jobSpec());
        assertThat(fake.startedSteps()).containsExactly(step("a"));
        assertThat(fake.startedSteps().get(0).env()).containsKey("GITHUB_OUTPUT");
        assertThat(fake.destroyedSteps()).hasSize(2);
        assertThat(fake.destroyedJobs()).hasSize(2);
        assertThat(fake.awaitStep(step, Duration.ZERO))
                .as("a scripted exit has happened already; destroy does not turn it into a kill")
                .isEqualTo(StepExit.of(0));
    }

    @Test
    void scriptsAreImmutableValues() {
        Script base = Script.lines("a");
        Script more = base.thenLines("b").thenExit(4);
        assertThat(base).isEqualTo(Script.lines("a"));
        assertThat(more.lines()).containsExactly("a", "b");
        assertThat(more.exitCode()).contains(4);
        assertThat(Script.hang().exitCode()).isEmpty();
    }

    @Test
    void refusesContainersUnlessClaimed() {
        FakeExecutor fake = FakeExecutor.builder().build();
        assertThat(fake.supportsContainers()).isFalse();
        assertThatThrownBy(() -> fake.buildImage(dir, "Dockerfile", "t:1", line -> {}))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("cannot build images");
        assertThat(fake.builds()).isEmpty();
    }

    @Test
    void aContainerFakeHandsOutTheDeclaredServicesAndTheStepEnvironment() throws Exception {
        var redis = new JobHandle.ServiceInfo("redis", "c-redis", "net-1", Map.of("6379", "49153"));
        var pg = new JobHandle.ServiceInfo("postgres", "c-pg", "net-1", Map.of("5432", "49154"));
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of("redis", redis, "postgres", pg), Map.of("DOCKER_HOST", "unix:///d.sock"))
                .build();
        JobSpec spec = new JobSpec(
                "run-1/build/1",
                dir,
                dir,
                Map.of(),
                Optional.empty(),
                Optional.of(ContainerSpec.of("node:20")),
                List.of(new ServiceSpec("redis", ContainerSpec.of("redis:7"))));
        JobHandle job = fake.prepareJob(spec);
        assertThat(fake.supportsContainers()).isTrue();
        assertThat(job.services()).containsOnlyKeys("redis").containsEntry("redis", redis);
        assertThat(job.stepEnvironment()).containsExactlyEntriesOf(Map.of("DOCKER_HOST", "unix:///d.sock"));
        assertThat(fake.preparedJobs()).containsExactly(spec);
    }

    @Test
    void buildImageRecordsTheBuildDeliversItsOutputAndReturnsTheTag() throws Exception {
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .buildOutput("Step 1/2 : FROM alpine", "done")
                .build();
        List<String> lines = new ArrayList<>();
        assertThat(fake.buildImage(dir, "Dockerfile", "slipway-action/x:1", lines::add))
                .isEqualTo("slipway-action/x:1");
        assertThat(lines).containsExactly("Step 1/2 : FROM alpine", "done");
        assertThat(fake.builds()).containsExactly(new Call.Build(dir, "Dockerfile", "slipway-action/x:1"));
    }

    @Test
    void failBuildMakesBuildImageThrowAfterRecordingIt() {
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .failBuild("no such base image")
                .build();
        assertThatThrownBy(() -> fake.buildImage(dir, "Dockerfile", "t:1", line -> {}))
                .isInstanceOf(ExecutorException.class)
                .hasMessage("no such base image");
        assertThat(fake.builds()).hasSize(1);
    }
}
