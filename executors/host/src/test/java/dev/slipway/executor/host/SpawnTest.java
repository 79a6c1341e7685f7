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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How steps are started: with posix_spawn from the JVM, or (where that is not available) ProcessBuilder and setsid. */
class SpawnTest {
    /** Prints the step's pid, its session id and the name of its parent process. */
    static final String WHO = "read -r s < /proc/$$/stat; set -- ${s##*) }; echo $$ $4; cat /proc/$PPID/comm";

    @TempDir
    Path dir;

    record Result(List<String> lines, StepExit exit) {}

    static HostExecutor executor(boolean natively) {
        return natively
                ? HostExecutor.create(Duration.ofMillis(300))
                : HostExecutor.withProcessBuilder(Duration.ofMillis(300));
    }

    static StepHandle start(HostExecutor executor, JobHandle job, Path cwd, String script) throws ExecutorException {
        return executor.startStep(
                job, new StepSpec("test", List.of("bash", "-c", script), cwd, Map.of("PATH", "/usr/bin:/bin")));
    }

    static Result run(HostExecutor executor, JobHandle job, Path cwd, String script) throws Exception {
        return run(executor, job, start(executor, job, cwd, script));
    }

    static Result run(HostExecutor executor, JobHandle job, StepHandle step) throws Exception {
        List<String> lines = new ArrayList<>();
        executor.logs(step, lines::add);
        return new Result(lines, executor.awaitStep(step, Duration.ofSeconds(10)));
    }

    /** What a test does with a prepared job. */
    interface JobBody {
        void accept(JobHandle job) throws Exception;
    }

    /** Runs {@code body} with a job of {@code executor} prepared, and destroys the job after it. */
    void inJob(HostExecutor executor, JobBody body) throws Exception {
        JobHandle job = executor.prepareJob(
                new JobSpec("job", dir.resolve("ws"), dir.resolve("tmp"), Map.of(), Optional.empty()));
        try {
            body.accept(job);
        } finally {
            executor.destroyJob(job);
        }
    }

    @Test
    void onLinuxWithGlibcStepsStartNatively() {
        assertThat(HostExecutor.create(Duration.ofMillis(300)).spawnsNatively()).isTrue();
        assertThat(HostExecutor.withProcessBuilder(Duration.ofMillis(300)).spawnsNatively())
                .isFalse();
    }

    @Test
    void theLastPidIsReadWhole() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long last = ProcessTree.lastPid();
        // pids may wrap around meanwhile, but not within a few thousand
        assertThat(last).isBetween(p.pid(), p.pid() + 4096);
    }

    @ParameterizedTest(name = "natively: {0}")
    @ValueSource(booleans = {true, false})
    void eachStepLeadsItsOwnSessionAsAChildOfTheJvm(boolean natively) throws Exception {
        HostExecutor executor = executor(natively);
        inJob(executor, job -> {
            Result r = run(executor, job, dir, WHO + "; echo to stderr >&2; exit 3");
            String[] pidAndSession = r.lines().get(0).split(" ");
            assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
            assertThat(r.lines().get(1)).isEqualTo("java");
            assertThat(r.lines().get(2)).isEqualTo("to stderr");
            assertThat(r.exit()).isEqualTo(StepExit.of(3));
            StepHandle sleeping = start(executor, job, dir, "exec sleep 1000");
            executor.destroyStep(sleeping);
            assertThat(executor.awaitStep(sleeping, Duration.ofSeconds(5)).killed())
                    .isTrue();
        });
    }

    @Test
    void aNativelyStartedStepHoldsOnlyTheStandardDescriptorsAndTheSignalStateOfTheProcessBuilderPath()
            throws Exception {
        String script = "ls /proc/$$/fd; grep -E '^Sig(Blk|Ign):' /proc/self/status; readlink /proc/$$/fd/0";
        List<List<String>> outputs = new ArrayList<>();
        for (boolean natively : new boolean[] {true, false}) {
            HostExecutor executor = executor(natively);
            inJob(executor, job -> {
                Result r = run(executor, job, dir, script);
                assertThat(r.exit()).isEqualTo(StepExit.of(0));
                outputs.add(r.lines());
            });
        }
        assertThat(outputs.get(0)).startsWith("0", "1", "2", "SigBlk:\t0000000000000000");
        assertThat(outputs.get(0)).endsWith("/dev/null");
        // glibc's own two real-time signals (32, 33) stay ignored by both paths; nothing of the JVM's shows.
        assertThat(outputs.get(0)).isEqualTo(outputs.get(1));
    }

    @ParameterizedTest(name = "natively: {0}")
    @ValueSource(booleans = {true, false})
    void argumentsAndEnvironmentPassThroughExactlyIncludingUtf8AndEmptyValues(boolean natively) throws Exception {
        HostExecutor executor = executor(natively);
        inJob(executor, job -> {
            StepHandle step = executor.startStep(
                    job,
                    new StepSpec(
                            "test",
                            List.of(
                                    "bash",
                                    "-c",
                                    "printf '%s|' \"$0\" \"$1\" \"$GREETING\" \"${EMPTY-unset}\" \"$EQ\"; env | wc -l",
                                    "Grüße",
                                    ""),
                            dir,
                            Map.of("PATH", "/usr/bin:/bin", "GREETING", "Grüße, 世界", "EMPTY", "", "EQ", "a=b=")));
            Result r = run(executor, job, step);
            assertThat(r.exit()).isEqualTo(StepExit.of(0));
            // bash adds PWD, SHLVL and _ to the four variables it was given
            assertThat(r.lines()).containsExactly("Grüße||Grüße, 世界||a=b=|7");
        });
    }

    @Test
    void aProgramTheSystemCannotExecuteIsReportedWithTheSystemsReason() throws Exception {
        HostExecutor executor = executor(true);
        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
        Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rwxr-xr-x"));
        inJob(executor, job -> {
            assertThatThrownBy(() -> executor.startStep(
                            job, new StepSpec("bad", List.of(garbage.toString()), dir, Map.of("PATH", "/usr/bin"))))
                    .isInstanceOf(ExecutorException.class)
                    .hasMessage("cannot start " + garbage + ": Exec format error");
        });
    }

    @Test
    void getsidFindsTheMembersOfASessionLikeTheProcScanIncludingOtherProcessGroupsByPidRangeOrProcListing()
            throws Exception {
        HostExecutor executor = executor(true);
        inJob(executor, job -> {
            // With job control (set -m) each background job gets a process group of its own, in the same session.
            StepHandle step = start(executor, job, dir, "set -m; sleep 1000 & echo $!; sleep 1000 & echo $!; wait");
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> logs = CompletableFuture.runAsync(() -> executor.logs(step, lines::add));
            HostExecutorDestroyTest.awaitLines(lines, 2);
            long session = ((HostStep) step).session();
            Set<Long> expected = new HashSet<>();
            expected.add(session);
            lines.forEach(l -> expected.add(Long.parseLong(l)));

            long last = ProcessTree.lastPid();
            // every process listed in /proc, then only the pids handed out since the session began
            assertThat(ProcessTree.scanWithGetsid(Set.of(session), 0, last))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ProcessTree.scanWithGetsid(Set.of(session), session, last))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ProcessTree.scan(Set.of(session), 0)).containsExactlyInAnyOrderElementsOf(expected);
            executor.destroyStep(step);
            logs.get(5, TimeUnit.SECONDS);
            assertThat(ProcessTree.scanWithGetsid(Set.of(session), session, ProcessTree.lastPid()))
                    .isEmpty();
            assertThat(ProcessTree.sessionMembers(Set.of(session))).isEmpty();
        });
    }
}
