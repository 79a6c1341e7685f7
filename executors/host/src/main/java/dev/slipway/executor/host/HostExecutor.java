package dev.slipway.executor.host;

import dev.slipway.common.FileTrees;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs each step as a process on this Linux machine.
 *
 * <p>Every step leads a session of its own: it is started with {@code posix_spawn} and {@code POSIX_SPAWN_SETSID}
 * ({@link NativeSpawn}), or, where that is not available, through {@link ProcessBuilder} and {@code setsid}
 * ({@code SLIPWAY_HOST_SPAWN=processbuilder} forces the latter). {@link #destroyStep} sends
 * SIGTERM to every process of that session and to the leader's descendants, and SIGKILL to what is left after the
 * grace period. The process environment is exactly {@link StepSpec#env()}; the program is looked up on the {@code
 * PATH} of that environment. Standard output and error share one pipe, so their order is kept.
 *
 * <p>{@link #destroyJob} also ends processes that steps left running in the background. The executor creates no
 * files of its own.
 */
public final class HostExecutor implements Executor {
    /** Default time between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    private static final File DEV_NULL = new File("/dev/null");

    private final Optional<String> setsid;
    private final Duration killGrace;
    private final boolean preferNative;

    private HostExecutor(Optional<String> setsid, Duration killGrace, boolean preferNative) {
        this.setsid = setsid;
        this.killGrace = killGrace;
        this.preferNative = preferNative;
    }

    /**
     * An executor with the default kill grace.
     *
     * @throws IllegalStateException when steps can start neither natively nor through {@code setsid}
     */
    public static HostExecutor create() {
        return create(DEFAULT_KILL_GRACE);
    }

    /**
     * Starts binding the C calls that start steps natively (JNA loads its library: some 10 ms) on a thread of its own,
     * so that a caller who knows steps will run soon can have it done before the first one starts. Optional: {@link
     * #create} starts it too, and the first step waits for it.
     */
    public static void prepareInBackground() {
        NativeSpawn.bindInBackground();
    }

    /**
     * An executor that waits {@code killGrace} between SIGTERM and SIGKILL when destroying a step.
     *
     * @throws IllegalStateException when steps can start neither natively nor through {@code setsid} (util-linux or
     *     busybox)
     */
    public static HostExecutor create(Duration killGrace) {
        Optional<String> setsid = findSetsid();
        if (setsid.isEmpty() && !NativeSpawn.available()) {
            throw new IllegalStateException("the host executor needs setsid (util-linux), which is not installed");
        }
        NativeSpawn.bindInBackground();
        return new HostExecutor(setsid, killGrace, true);
    }

    /** An executor like {@link #create(Duration)} that starts every step through {@link ProcessBuilder} and setsid. */
    static HostExecutor withProcessBuilder(Duration killGrace) {
        Optional<String> setsid = findSetsid();
        if (setsid.isEmpty()) {
            throw new IllegalStateException("setsid (util-linux) is not installed");
        }
        return new HostExecutor(setsid, killGrace, false);
    }

    private static Optional<String> findSetsid() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "setsid");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether steps start with {@code posix_spawn} ({@link NativeSpawn}) rather than {@link ProcessBuilder}. */
    boolean spawnsNatively() {
        return preferNative && NativeSpawn.available();
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        ensureWritableDirectory("workspace", spec.workspace());
        ensureWritableDirectory("runner temp", spec.runnerTemp());
        return new HostJob(spec);
    }

    private static void ensureWritableDirectory(String what, Path dir) throws ExecutorException {
        try {
            FileTrees.ensureDirectory(dir);
        } catch (IOException e) {
            throw new ExecutorException("cannot create the " + what + " directory " + dir + ": " + e, e);
        }
        // access(2), not a probe file: creating a file costs an inode allocation, which is slow on some file systems
        // (ext4 without a journal scans for inodes that were not deleted recently).
        if (!Files.isWritable(dir)) {
            throw new ExecutorException("the " + what + " directory " + dir + " is not writable");
        }
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        HostJob hostJob = hostJob(job);
        if (hostJob.isDestroyed()) {
            throw new ExecutorException("job " + job.spec().jobKey() + " was already destroyed");
        }
        if (step.command().isEmpty()) {
            throw new ExecutorException("step " + step.name() + " has an empty command");
        }
        if (!Files.isDirectory(step.workingDirectory())) {
            throw new ExecutorException("working directory " + step.workingDirectory() + " does not exist");
        }
        Path program = ProgramResolver.resolve(step.command().get(0), step.env(), step.workingDirectory());
        HostStep hostStep = spawnsNatively() ? spawnNatively(step, program) : spawn(step, program);
        if (!hostJob.add(hostStep)) {
            hostStep.destroy(killGrace);
            throw new ExecutorException("job " + job.spec().jobKey() + " was destroyed while the step started");
        }
        return hostStep;
    }

    /** Starts the step with one {@code posix_spawn}: the program itself leads a new session. */
    private HostStep spawnNatively(StepSpec step, Path program) throws ExecutorException {
        List<String> argv = new ArrayList<>(step.command());
        argv.set(0, program.toString());
        try {
            NativeSpawn.Started started = NativeSpawn.start(argv, step.workingDirectory(), step.env());
            return new HostStep(
                    step,
                    started.pid(),
                    ProcessHandle.of(started.pid()),
                    started.exit(),
                    StepOutput.of(started.output(), step.name()));
        } catch (NativeSpawn.Unreadable e) {
            // It runs: starting it again would run it twice.
            ProcessTree.kill(
                    Set.of(e.pid()), ProcessHandle.of(e.pid()).map(List::of).orElse(List.of()), killGrace);
            throw new ExecutorException("cannot start " + step.command().get(0) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExecutorException("cannot start " + step.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Starts the step with {@link ProcessBuilder} through {@code setsid}: three program starts instead of one. */
    private HostStep spawn(StepSpec step, Path program) throws ExecutorException {
        List<String> command = new ArrayList<>(step.command().size() + 1);
        command.add(setsid.orElse("setsid"));
        command.add(program.toString());
        command.addAll(step.command().subList(1, step.command().size()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(step.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(step.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutorException("cannot start " + step.command().get(0) + ": " + e.getMessage(), e);
        }
        return HostStep.of(step, process, StepOutput.attach(process, step.name()));
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        StepOutput output = hostStep(step).output();
        output.start();
        List<String> batch = new ArrayList<>();
        try {
            while (output.lines().drainTo(batch)) {
                batch.forEach(sink::line);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        return hostStep(step).await(timeout);
    }

    @Override
    public void destroyStep(StepHandle step) {
        hostStep(step).destroy(killGrace);
    }

    @Override
    public void destroyJob(JobHandle job) {
        List<HostStep> steps = hostJob(job).markDestroyed();
        if (steps.isEmpty()) {
            return;
        }
        // One pass over /proc for all sessions of the job: steps may have left background processes behind.
        Set<Long> sessions = new HashSet<>();
        List<ProcessHandle> roots = new ArrayList<>();
        List<Boolean> alive = new ArrayList<>();
        for (HostStep s : steps) {
            sessions.add(s.session());
            boolean running = s.running();
            if (running) { // a reaped leader is gone, and its descendants left with it or are in its session
                s.process().ifPresent(roots::add);
            }
            alive.add(running);
        }
        ProcessTree.kill(sessions, roots, killGrace);
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).destroyedWith(alive.get(i));
        }
    }

    private static HostJob hostJob(JobHandle job) {
        if (job instanceof HostJob h) {
            return h;
        }
        throw new IllegalArgumentException("not a job of the host executor: " + job);
    }

    private static HostStep hostStep(StepHandle step) {
        if (step instanceof HostStep h) {
            return h;
        }
        throw new IllegalArgumentException("not a step of the host executor: " + step);
    }
}
