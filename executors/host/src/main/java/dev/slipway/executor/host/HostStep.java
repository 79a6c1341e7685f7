package dev.slipway.executor.host;

import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A started step: the session leader process, its exit status to come and its output. */
final class HostStep implements StepHandle {
    /** How long destroy waits for the output to end after the processes are gone. */
    private static final long OUTPUT_END_MILLIS = 200;

    private final StepSpec spec;
    private final long pid;
    private final Optional<ProcessHandle> handle;
    private final CompletableFuture<Integer> exit;
    private final StepOutput output;
    private volatile boolean killed;
    private boolean destroyed;

    /**
     * @param pid the session leader's pid
     * @param handle the leader, empty when it already ended
     * @param exit completes with the leader's exit code (128 + signal when a signal ended it)
     */
    HostStep(
            StepSpec spec,
            long pid,
            Optional<ProcessHandle> handle,
            CompletableFuture<Integer> exit,
            StepOutput output) {
        this.spec = spec;
        this.pid = pid;
        this.handle = handle;
        this.exit = exit;
        this.output = output;
    }

    /** A step started by {@link ProcessBuilder}. */
    static HostStep of(StepSpec spec, Process process, StepOutput output) {
        return new HostStep(
                spec,
                process.pid(),
                Optional.of(process.toHandle()),
                process.onExit().thenApply(Process::exitValue),
                output);
    }

    @Override
    public StepSpec spec() {
        return spec;
    }

    /** The session leader, while known to the system. */
    Optional<ProcessHandle> process() {
        return handle;
    }

    /** Whether the leader has not ended yet. */
    boolean running() {
        return !exit.isDone();
    }

    StepOutput output() {
        return output;
    }

    /** The session id of the step's processes: the leader's pid. */
    long session() {
        return pid;
    }

    StepExit await(Duration timeout) throws InterruptedException {
        int code;
        try {
            code = exit.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return StepExit.timeout();
        } catch (ExecutionException e) {
            code = 255;
        }
        return new StepExit(code, false, killed);
    }

    /** Kills the step's processes; the first call does the work, later ones return at once. */
    void destroy(Duration grace) {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
        }
        if (running()) {
            killed = true;
        }
        ProcessTree.kill(Set.of(session()), handle.map(List::of).orElse(List.of()), grace);
        afterKill();
    }

    /** Marks the step destroyed by a job-wide kill that already ran. */
    void destroyedWith(boolean wasAlive) {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
        }
        if (wasAlive) {
            killed = true;
        }
        afterKill();
    }

    /**
     * The processes are gone: what they wrote before they ended (a {@code trap} on SIGTERM saying what it cleaned up)
     * is still read, up to the end of the output or {@link #OUTPUT_END_MILLIS}, whichever comes first, also when the
     * step's thread had not begun to read it yet; then the output ends for the consumer.
     */
    private void afterKill() {
        output.start(); // nobody reads it yet (the step's thread is about to): what is in the pipe is kept for it
        output.endAfter(OUTPUT_END_MILLIS);
        output.discard();
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
