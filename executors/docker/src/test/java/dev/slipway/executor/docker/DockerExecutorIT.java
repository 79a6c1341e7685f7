package dev.slipway.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Container jobs against the real engine. */
class DockerExecutorIT extends EngineFixture {
    @Test
    void containerJobRunsStepsWithExitCodesEnvWorkingDirAndWorkspaceFiles() throws Exception {
        JobHandle job = prepare(spec(Optional.of(BOOKWORM), Optional.empty(), List.of()));
        Path sub = Files.createDirectories(job.spec().workspace().resolve("sub"));

        Ran first = run(
                job,
                new StepSpec(
                        "first",
                        List.of("bash", "-c", "echo out; echo err >&2; echo \"foo=$FOO\"; pwd; echo hi > f.txt"),
                        sub,
                        Map.of("FOO", "bar", "PATH", "/usr/bin:/bin")));
        Ran second = run(job, sh(job, "echo before; exit 3", Map.of()));

        assertThat(first.exit()).isEqualTo(StepExit.of(0));
        assertThat(first.lines()).containsExactly("out", "err", "foo=bar", sub.toString());
        assertThat(sub.resolve("f.txt")).hasContent("hi");
        assertThat(second.lines()).containsExactly("before");
        assertThat(second.exit()).isEqualTo(StepExit.of(3));
        assertThat(job.stepEnvironment()).containsEntry("DOCKER_HOST", "unix:///var/run/docker.sock");
    }

    @Test
    void missingProgramExitsWith127AndSaysSo() throws Exception {
        JobHandle job = prepare(spec(Optional.of(BUSYBOX), Optional.empty(), List.of()));
        Ran ran = run(
                job,
                new StepSpec("missing", List.of("no-such-program"), job.spec().workspace(), PATH));
        assertThat(ran.exit().exitCode()).isEqualTo(127);
        assertThat(String.join("\n", ran.lines())).contains("no-such-program");
    }

    @Test
    void aMissingImageFailsPrepareWithAClearMessageAndLeavesNothing() throws Exception {
        JobSpec spec = spec(Optional.of("localhost/slipway/no-such-image:1"), Optional.empty(), List.of());
        assertThatThrownBy(() -> executor.prepareJob(spec))
                .isInstanceOf(ExecutorException.class)
                .hasMessageStartingWith("cannot pull image 'localhost/slipway/no-such-image:1': ");
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void unknownOptionsAreRejectedBeforeAnythingIsCreated() throws Exception {
        ContainerSpec c = new ContainerSpec(
                BUSYBOX, Map.of(), List.of(), List.of(), Optional.of("--cpus 1 --cap-add NET_ADMIN"), Optional.empty());
        JobSpec spec = spec(Optional.empty(), Optional.of(c), List.of());
        assertThatThrownBy(() -> executor.prepareJob(spec))
                .hasMessageContaining("options of the job container")
                .hasMessageContaining("unsupported container option '--cap-add'");
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void hostJobsAreRefused() throws Exception {
        JobSpec spec = spec(Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> executor.prepareJob(spec)).hasMessageContaining("runs only container jobs");
    }

    @Test
    void containerOptionsApplyToTheJobContainer() throws Exception {
        ContainerSpec c = new ContainerSpec(
                BUSYBOX,
                Map.of("FROM_SPEC", "1"),
                List.of(),
                List.of(),
                Optional.of("--user 1234 --memory 64m --cpus 0.5 -e 'GREETING=hello world'"),
                Optional.empty());
        JobHandle job = prepare(spec(Optional.empty(), Optional.of(c), List.of()));
        Ran ran = run(job, sh(job, "id -u; echo \"$GREETING/$FROM_SPEC\"", Map.of()));
        assertThat(ran.lines()).containsExactly("1234", "hello world/1");
        var host = executor.client()
                .inspectContainerCmd(((DockerJob) job).jobContainer().orElseThrow())
                .exec()
                .getHostConfig();
        assertThat(host.getMemory()).isEqualTo(64L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
    }
}
