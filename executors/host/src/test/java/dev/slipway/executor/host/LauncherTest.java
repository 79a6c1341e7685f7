package dev.slipway.executor.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How steps are started: from the long-lived launcher, or (without it) through ProcessBuilder and setsid. */
class LauncherTest {
    /** Prints the step's pid, its session id and the name of its parent process. */
    static final String WHO = "read -r s < /proc/$$/stat; set -- ${s##*) }; echo $$ $4; cat /proc/$PPID/comm";

    @TempDir
    Path dir;

    record Result(List<String> lines, StepExit exit) {}

    static StepHandle start(HostExecutor executor, JobHandle job, Path cwd, String script) throws ExecutorException {
        return executor.startStep(
                job, new StepSpec("test", List.of("bash", "-c", script), cwd, Map.of("PATH", "/usr/bin:/bin")));
    }

    static Result run(HostExecutor executor, JobHandle job, Path cwd, String script) throws Exception {
        StepHandle step = start(executor, job, cwd, script);
        List<String> lines = new ArrayList<>();
        executor.logs(step, lines::add);
        return new Result(lines, executor.awaitStep(step, Duration.ofSeconds(10)));
    }

    JobHandle prepare(HostExecutor executor) throws ExecutorException {
        return executor.prepareJob(
                new JobSpec("job", dir.resolve("ws"), dir.resolve("tmp"), Map.of(), Optional.empty()));
    }

    @Test
    void startsEachStepFromTheLauncherAsTheLeaderOfItsOwnSession() throws Exception {
        HostExecutor executor = HostExecutor.withLauncher(Duration.ofMillis(300));
        JobHandle job = prepare(executor);
        try {
            Result r = run(executor, job, dir, WHO + "; exit 4");
            String[] pidAndSession = r.lines().get(0).split(" ");
            assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
            assertThat(r.lines().get(1)).isEqualTo("perl");
            assertThat(r.exit()).isEqualTo(StepExit.of(4));
        } finally {
            executor.destroyJob(job);
        }
    }

    @Test
    void withoutTheLauncherStepsStillLeadTheirOwnSession() throws Exception {
        HostExecutor executor = HostExecutor.withoutLauncher(Duration.ofMillis(300));
        JobHandle job = prepare(executor);
        try {
            Result r = run(executor, job, dir, WHO + "; echo to stderr >&2; exit 3");
            String[] pidAndSession = r.lines().get(0).split(" ");
            assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
            assertThat(r.lines().get(1)).isNotEqualTo("perl");
            assertThat(r.lines().get(2)).isEqualTo("to stderr");
            assertThat(r.exit()).isEqualTo(StepExit.of(3));
            StepHandle sleeping = start(executor, job, dir, "exec sleep 1000");
            executor.destroyStep(sleeping);
            assertThat(executor.awaitStep(sleeping, Duration.ofSeconds(5)).killed())
                    .isTrue();
        } finally {
            executor.destroyJob(job);
        }
    }

    @Test
    void aKilledLauncherIsReplacedAndItsRunningStepEndsWithStatus255() throws Exception {
        HostExecutor executor = HostExecutor.withLauncher(Duration.ofMillis(300));
        JobHandle job = prepare(executor);
        try {
            StepHandle running = start(executor, job, dir, "sleep 0.3");
            long launcher = ((HostStep) running)
                    .process()
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow()
                    .pid();
            ProcessHandle.of(launcher).orElseThrow().destroyForcibly();
            assertThat(executor.awaitStep(running, Duration.ofSeconds(10)).exitCode())
                    .isEqualTo(255);

            Result r = run(executor, job, dir, WHO);
            assertThat(r.lines().get(1)).isEqualTo("perl");
            assertThat(r.exit()).isEqualTo(StepExit.of(0));
        } finally {
            executor.destroyJob(job);
        }
    }

    @Test
    void findsTheMembersOfASessionLikeTheProcScanIncludingOtherProcessGroups() throws Exception {
        HostExecutor executor = HostExecutor.withLauncher(Duration.ofMillis(300));
        JobHandle job = prepare(executor);
        try {
            // With job control (set -m) each background job gets a process group of its own, in the same session.
            StepHandle step = start(executor, job, dir, "set -m; sleep 1000 & echo $!; sleep 1000 & echo $!; wait");
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            var logs = java.util.concurrent.CompletableFuture.runAsync(() -> executor.logs(step, lines::add));
            HostExecutorDestroyTest.awaitLines(lines, 2);
            long session = ((HostStep) step).session();
            java.util.Set<Long> expected = new java.util.HashSet<>();
            expected.add(session);
            lines.forEach(l -> expected.add(Long.parseLong(l)));

            Optional<List<Long>> fast = Launcher.running().orElseThrow().sessionMembers(java.util.Set.of(session), 0);

            assertThat(fast).isPresent();
            assertThat(fast.get()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ProcessTree.scan(java.util.Set.of(session), 0)).containsExactlyInAnyOrderElementsOf(expected);
            executor.destroyStep(step);
            logs.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Launcher.running().orElseThrow().sessionMembers(java.util.Set.of(session), session))
                    .contains(List.of());
        } finally {
            executor.destroyJob(job);
        }
    }
}
