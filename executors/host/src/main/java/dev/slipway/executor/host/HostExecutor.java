package dev.slipway.executor.host;

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
 * <p>Every step is started through {@code setsid}, so it leads a session of its own; {@link #destroyStep} sends
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

    private final String setsid;
    private final Duration killGrace;
    private final boolean useLauncher;

    private HostExecutor(String setsid, Duration killGrace, boolean useLauncher) {
        this.setsid = setsid;
        this.killGrace = killGrace;
        this.useLauncher = useLauncher;
        if (useLauncher) {
            Launcher.warmUp();
        }
    }

    /**
     * An executor with the default kill grace.
     *
     * @throws IllegalStateException when {@code setsid} (util-linux or busybox) is not installed
     */
    public static HostExecutor create() {
        return create(DEFAULT_KILL_GRACE);
    }

    /**
     * An executor that waits {@code killGrace} between SIGTERM and SIGKILL when destroying a step.
     *
     * @throws IllegalStateException when {@code setsid} (util-linux or busybox) is not installed
     */
    public static HostExecutor create(Duration killGrace) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "setsid");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new HostExecutor(candidate.toString(), killGrace, launcherWanted());
                }
            }
        }
        throw new IllegalStateException("the host executor needs setsid (util-linux), which is not installed");
    }

    /**
     * Whether steps start through the {@link Launcher}: only with {@code SLIPWAY_HOST_LAUNCHER=1}. By default each step
     * starts through {@link ProcessBuilder} and {@code setsid}: on an idle 2-core machine a one-step run took 0.42–0.50 s
     * that way and 0.73–0.76 s through the launcher, a 200-step job 1.27–1.35 s against 1.49–1.83 s (ADR 0007).
     */
    private static boolean launcherWanted() {
        return "1".equals(System.getenv("SLIPWAY_HOST_LAUNCHER"));
    }

    /** An executor like {@link #create(Duration)} that starts every step through the {@link Launcher}. */
    static HostExecutor withLauncher(Duration killGrace) {
        HostExecutor e = create(killGrace);
        return new HostExecutor(e.setsid, killGrace, true);
    }

    /** An executor like {@link #create(Duration)} that starts every step through {@link ProcessBuilder}. */
    static HostExecutor withoutLauncher(Duration killGrace) {
        HostExecutor e = create(killGrace);
        return new HostExecutor(e.setsid, killGrace, false);
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
            Files.createDirectories(dir);
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
        Optional<Launcher> launcher = useLauncher ? Launcher.shared() : Optional.empty();
        HostStep hostStep = launcher.isPresent() ? launch(launcher.get(), step, program) : null;
        if (hostStep == null) {
            hostStep = spawn(step, program);
        }
        if (!hostJob.add(hostStep)) {
            hostStep.destroy(killGrace);
            throw new ExecutorException("job " + job.spec().jobKey() + " was destroyed while the step started");
        }
        return hostStep;
    }

    /**
     * Starts the step through the shared {@link Launcher}; null when it did not start there (the caller then starts it
     * with {@link ProcessBuilder}).
     */
    private @org.jspecify.annotations.Nullable HostStep launch(Launcher launcher, StepSpec step, Path program)
            throws ExecutorException {
        List<String> argv = new ArrayList<>(step.command());
        argv.set(0, program.toString());
        try {
            Launcher.Started started = launcher.start(argv, step.workingDirectory(), step.env());
            return new HostStep(
                    step,
                    started.pid(),
                    ProcessHandle.of(started.pid()),
                    started.exit(),
                    StepOutput.of(
                            started.output(), step.name(), readToEnd -> launcher.release(started.fifo(), readToEnd)));
        } catch (Launcher.Unreadable e) {
            // It runs: starting it again would run it twice.
            ProcessTree.kill(
                    Set.of(e.pid()), ProcessHandle.of(e.pid()).map(List::of).orElse(List.of()), killGrace);
            throw new ExecutorException("cannot start " + step.command().get(0) + ": " + e.getMessage(), e);
        } catch (Launcher.Unanswered e) {
            throw new ExecutorException("cannot start " + step.command().get(0) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts the step with {@link ProcessBuilder} through {@code setsid}: three program starts instead of one. */
    private HostStep spawn(StepSpec step, Path program) throws ExecutorException {
        List<String> command = new ArrayList<>(step.command().size() + 1);
        command.add(setsid);
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
            s.process().ifPresent(roots::add);
            alive.add(s.running());
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
