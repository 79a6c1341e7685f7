package dev.slipway.executor.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LineSplitter;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostExecutorTest {
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    static final Duration LONG = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    final HostExecutor executor = HostExecutor.create(Duration.ofMillis(500));
    JobHandle job;

    record Result(List<String> lines, StepExit exit) {}

    @BeforeEach
    void prepare() throws ExecutorException {
        job = executor.prepareJob(jobSpec("job"));
    }

    @AfterEach
    void destroy() {
        executor.destroyJob(job);
    }

    JobSpec jobSpec(String key) {
        return new JobSpec(key, dir.resolve("ws"), dir.resolve("tmp"), Map.of(), Optional.empty());
    }

    StepSpec step(String... command) {
        return new StepSpec("test", List.of(command), dir, Map.of("PATH", PATH));
    }

    Result run(StepSpec spec) throws Exception {
        return run(job, spec);
    }

    Result run(JobHandle onJob, StepSpec spec) throws Exception {
        StepHandle step = executor.startStep(onJob, spec);
        List<String> lines = new ArrayList<>();
        executor.logs(step, lines::add);
        return new Result(lines, executor.awaitStep(step, LONG));
    }

    Result bash(String script) throws Exception {
        return run(step("bash", "-c", script));
    }

    @Test
    void readsOutputOnAPlatformThreadSoABlockedReadHoldsNoVirtualThreadCarrier() throws Exception {
        StepHandle step = executor.startStep(job, step("bash", "-c", "echo started; sleep 1"));
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> executor.logs(step, lines::add));
        // Thread.getAllStackTraces lists platform threads only
        boolean platformReader = false;
        for (int i = 0; i < 100 && !platformReader; i++) {
            platformReader = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("slipway-output-") && !t.isVirtual());
            Thread.sleep(10);
        }
        assertThat(platformReader)
                .as("a platform thread named slipway-output-*")
                .isTrue();
        assertThat(executor.awaitStep(step, LONG).succeeded()).isTrue();
        reader.join(LONG);
        assertThat(lines).containsExactly("started");
    }

    @Test
    void reportsTheExitCode() throws Exception {
        assertThat(bash("exit 3").exit()).isEqualTo(StepExit.of(3));
        assertThat(bash("true").exit().succeeded()).isTrue();
    }

    @Test
    void reportsDeathBySignalAs128PlusTheSignal() throws Exception {
        assertThat(bash("kill -TERM $$").exit().exitCode()).isEqualTo(143);
        assertThat(bash("kill -KILL $$").exit().exitCode()).isEqualTo(137);
    }

    @Test
    void givesTheProcessExactlyTheStepEnvironment() throws Exception {
        StepSpec spec = new StepSpec("env", List.of("env"), dir, Map.of("PATH", PATH, "FOO", "bar baz"));
        assertThat(run(spec).lines()).containsExactlyInAnyOrder("PATH=" + PATH, "FOO=bar baz");
    }

    @Test
    void startsInTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(dir.resolve("some dir"));
        StepSpec spec = new StepSpec("pwd", List.of("pwd", "-P"), work, Map.of("PATH", PATH));
        assertThat(run(spec).lines()).containsExactly(work.toRealPath().toString());
    }

    @Test
    void keepsTheOrderOfInterleavedStdoutAndStderr() throws Exception {
        Result result = bash("for i in $(seq 1 100); do echo out$i; echo err$i >&2; done");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            expected.add("out" + i);
            expected.add("err" + i);
        }
        assertThat(result.lines()).isEqualTo(expected);
    }

    @Test
    void deliversALastLineWithoutNewlineAndStripsCarriageReturns() throws Exception {
        assertThat(bash("printf 'a\\r\\n\\nb\\nlast'").lines()).containsExactly("a", "", "b", "last");
    }

    @Test
    void decodesUtf8() throws Exception {
        assertThat(bash("echo 'grüße ✓ 😀'").lines()).containsExactly("grüße ✓ 😀");
    }

    @Test
    void deliversAVeryLongLineInPieces() throws Exception {
        Result result = bash("head -c 2500000 /dev/zero | tr '\\0' a; echo; echo next");
        assertThat(result.lines()).hasSize(4);
        assertThat(result.lines().get(0)).hasSize(LineSplitter.DEFAULT_MAX_LINE_BYTES);
        assertThat(String.join("", result.lines().subList(0, 3)))
                .hasSize(2_500_000)
                .matches("a+");
        assertThat(result.lines().get(3)).isEqualTo("next");
    }

    @Test
    void keepsOutputOfBackgroundChildrenAfterTheMainProcessExits() throws Exception {
        Result result = bash("(for i in $(seq 1 20); do echo late$i; sleep 0.01; done) & echo early");
        assertThat(result.lines()).hasSize(21).startsWith("early").endsWith("late20");
        assertThat(result.exit()).isEqualTo(StepExit.of(0));
    }

    @Test
    void failsToStartAProgramMissingFromTheStepPath() {
        assertThatThrownBy(() -> executor.startStep(job, step("pwsh", "-command", "echo")))
                .isInstanceOf(ExecutorException.class)
                .hasMessageStartingWith("pwsh: command not found");
        StepSpec noPath = new StepSpec("x", List.of("bash", "-c", "true"), dir, Map.of("PATH", "/nonexistent"));
        assertThatThrownBy(() -> executor.startStep(job, noPath)).hasMessageStartingWith("bash: command not found");
    }

    @Test
    void runsAProgramGivenByPathRelativeToTheWorkingDirectory() throws Exception {
        Path script = dir.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from $0\n");
        script.toFile().setExecutable(true);
        assertThat(run(step("./hello.sh")).lines()).containsExactly("hello from " + script);
    }

    @Test
    void failsWhenTheWorkingDirectoryIsMissing() {
        StepSpec spec = new StepSpec("x", List.of("true"), dir.resolve("missing"), Map.of("PATH", PATH));
        assertThatThrownBy(() -> executor.startStep(job, spec)).hasMessageContaining("does not exist");
    }

    @Test
    void runsTwoHundredTrivialStepsInSequence() throws Exception {
        for (int i = 0; i < 200; i++) {
            assertThat(run(step("true")).exit()).isEqualTo(StepExit.of(0));
        }
    }

    @Test
    void runsJobsConcurrently() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        for (int j = 0; j < 8; j++) {
            String key = "job" + j;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    JobHandle other = executor.prepareJob(jobSpec(key));
                    for (int s = 0; s < 10; s++) {
                        Result r = run(other, step("echo", key, Integer.toString(s)));
                        if (!r.lines().equals(List.of(key + " " + s))
                                || !r.exit().succeeded()) {
                            failures.add(key + "/" + s + ": " + r);
                        }
                    }
                    executor.destroyJob(other);
                } catch (Exception e) {
                    failures.add(key + ": " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void startStepFailsAfterTheJobWasDestroyed() throws Exception {
        executor.destroyJob(job);
        assertThatThrownBy(() -> executor.startStep(job, step("true"))).hasMessageContaining("destroyed");
    }
}
