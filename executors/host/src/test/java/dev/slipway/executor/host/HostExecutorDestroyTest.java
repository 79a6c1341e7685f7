package dev.slipway.executor.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostExecutorDestroyTest {
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    @TempDir
    Path dir;

    final HostExecutor executor = HostExecutor.create(Duration.ofMillis(300));
    JobHandle job;

    @BeforeEach
    void prepare() throws ExecutorException {
        job = executor.prepareJob(
                new JobSpec("job", dir.resolve("ws"), dir.resolve("tmp"), Map.of(), Optional.empty()));
    }

    @AfterEach
    void destroy() {
        executor.destroyJob(job);
    }

    StepHandle bash(String script) throws ExecutorException {
        return executor.startStep(job, new StepSpec("test", List.of("bash", "-c", script), dir, Map.of("PATH", PATH)));
    }

    /** Reads the step's output on another thread; completes when {@code logs} returns. */
    CompletableFuture<Void> readLogs(StepHandle step, List<String> lines) {
        return CompletableFuture.runAsync(() -> executor.logs(step, lines::add));
    }

    static void awaitLines(List<String> lines, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(count);
    }

    static List<ProcessHandle> handles(List<String> pids) {
        return pids.stream()
                .map(p -> ProcessHandle.of(Long.parseLong(p)).orElseThrow())
                .toList();
    }

    @Test
    void destroyStepKillsTheWholeTreeAndEndsTheLogs() throws Exception {
        // A background child, a background subshell with its own background grandchild, and a foreground child.
        StepHandle step = bash("sleep 1000 & echo $!; (sleep 1000 & echo $!; sleep 1000) & echo $!; sleep 1000");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> logs = readLogs(step, lines);
        awaitLines(lines, 3);
        List<ProcessHandle> started = handles(lines);
        assertThat(started).allMatch(ProcessTree::isLive);

        long before = System.nanoTime();
        executor.destroyStep(step);
        logs.get(2, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(1500);
        assertThat(started).noneMatch(ProcessTree::isLive);
        assertThat(ProcessTree.sessionMembers(java.util.Set.of(((HostStep) step).session())))
                .isEmpty();
        StepExit exit = executor.awaitStep(step, Duration.ofSeconds(2));
        assertThat(exit.killed()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(143);
    }

    @Test
    void logsReturnAfterDestroyWhenAnOrphanedGrandchildHeldThePipe() throws Exception {
        // The pause keeps the main process alive until the executor attached its own read end (see StepOutput).
        StepHandle step = bash("sleep 0.2; (sleep 1000 & echo $!) ; echo main done");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> logs = readLogs(step, lines);
        assertThat(executor.awaitStep(step, Duration.ofSeconds(5))).isEqualTo(StepExit.of(0));
        awaitLines(lines, 2);
        List<ProcessHandle> grandchild = handles(lines.subList(0, 1));
        assertThat(logs).isNotDone();

        executor.destroyStep(step);
        logs.get(2, TimeUnit.SECONDS);

        assertThat(grandchild).noneMatch(ProcessTree::isLive);
        assertThat(executor.awaitStep(step, Duration.ZERO).killed()).isFalse();
    }

    @Test
    void destroyStepEscalatesToSigkillWhenSigtermIsIgnored() throws Exception {
        StepHandle step = bash("trap '' TERM; echo ready; while true; do sleep 0.05; done");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> logs = readLogs(step, lines);
        awaitLines(lines, 1);

        executor.destroyStep(step);
        logs.get(2, TimeUnit.SECONDS);

        StepExit exit = executor.awaitStep(step, Duration.ofSeconds(2));
        assertThat(exit).isEqualTo(new StepExit(137, false, true));
    }

    @Test
    void aShellThatTrapsSigtermRunsItsTrapWhenDestroyedAndItsOutputIsKept() throws Exception {
        // The shell gets SIGTERM before its child: signalled child first, its `wait` returned and the script ended
        // before the shell's own signal came, so the trap never ran (1 run in 10 here).
        for (int round = 0; round < 10; round++) {
            StepHandle step = bash("trap 'echo cleaned up; exit 143' TERM; echo ready; sleep 1000 & wait");
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> logs = readLogs(step, lines);
            awaitLines(lines, 1);

            executor.destroyStep(step);
            logs.get(2, TimeUnit.SECONDS);

            assertThat(lines).containsExactly("ready", "cleaned up");
            assertThat(executor.awaitStep(step, Duration.ofSeconds(2))).isEqualTo(new StepExit(143, false, true));
        }
    }

    @Test
    void awaitStepTimesOutWithoutKilling() throws Exception {
        StepHandle step = bash("sleep 1000");
        assertThat(executor.awaitStep(step, Duration.ofMillis(100))).isEqualTo(StepExit.timeout());
        assertThat(((HostStep) step).process().orElseThrow().isAlive()).isTrue();
        executor.destroyStep(step);
        assertThat(executor.awaitStep(step, Duration.ofSeconds(2)).killed()).isTrue();
    }

    @Test
    void destroyIsIdempotentAndSafeForFinishedSteps() throws Exception {
        StepHandle finished = bash("echo hi");
        executor.logs(finished, line -> {});
        assertThat(executor.awaitStep(finished, Duration.ofSeconds(5))).isEqualTo(StepExit.of(0));
        executor.destroyStep(finished);
        executor.destroyStep(finished);
        assertThat(executor.awaitStep(finished, Duration.ZERO)).isEqualTo(StepExit.of(0));

        StepHandle running = bash("sleep 1000");
        executor.destroyStep(running);
        executor.destroyStep(running);
        executor.destroyJob(job);
        executor.destroyJob(job);
        assertThat(executor.awaitStep(running, Duration.ofSeconds(2)).killed()).isTrue();
    }

    @Test
    void logsReturnAtOnceForAStepDestroyedBeforeItsOutputWasRead() throws Exception {
        StepHandle step = bash("echo hi; sleep 1000");
        executor.destroyStep(step);
        CompletableFuture<Void> logs = readLogs(step, new CopyOnWriteArrayList<>());
        logs.get(2, TimeUnit.SECONDS);
    }

    @Test
    void destroyJobKillsRunningStepsAndLeftoverBackgroundProcesses() throws Exception {
        StepHandle finished = bash("sleep 1000 >/dev/null 2>&1 & echo $!");
        List<String> pids = new CopyOnWriteArrayList<>();
        executor.logs(finished, pids::add);
        assertThat(executor.awaitStep(finished, Duration.ofSeconds(5))).isEqualTo(StepExit.of(0));
        StepHandle running = bash("sleep 1000");
        List<ProcessHandle> leftovers = handles(pids);
        assertThat(leftovers).allMatch(ProcessTree::isLive);

        executor.destroyJob(job);

        assertThat(leftovers).noneMatch(ProcessTree::isLive);
        assertThat(executor.awaitStep(running, Duration.ofSeconds(2)).killed()).isTrue();
        assertThat(executor.awaitStep(finished, Duration.ZERO).killed()).isFalse();
    }

    @Test
    void prepareJobCreatesMissingDirectories() throws Exception {
        JobSpec spec = new JobSpec("j2", dir.resolve("a/ws"), dir.resolve("b/tmp"), Map.of(), Optional.empty());
        executor.destroyJob(executor.prepareJob(spec));
        assertThat(spec.workspace()).isDirectory();
        assertThat(spec.runnerTemp()).isDirectory();
    }

    @Test
    void prepareJobFailsClearlyWhenADirectoryCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        JobSpec spec = new JobSpec("j3", dir.resolve("ws"), file.resolve("tmp"), Map.of(), Optional.empty());
        assertThatThrownBy(() -> executor.prepareJob(spec))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("runner temp directory " + file.resolve("tmp"));
    }

    @Test
    void prepareJobFailsClearlyWhenADirectoryIsNotWritable() {
        // /proc/self is a directory nobody, not even root, can create files in.
        JobSpec spec = new JobSpec("j4", Path.of("/proc/self"), dir.resolve("tmp"), Map.of(), Optional.empty());
        assertThatThrownBy(() -> executor.prepareJob(spec))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("workspace directory /proc/self is not writable");
    }
}
