package dev.slipway.executor.host;

import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A started step: the session leader process and its output. */
final class HostStep implements StepHandle {
    /** How long destroy waits for the output to end after the processes are gone. */
    private static final long OUTPUT_END_MILLIS = 200;

    private final StepSpec spec;
    private final Process process;
    private final StepOutput output;
    private volatile boolean killed;
    private boolean destroyed;

    HostStep(StepSpec spec, Process process, StepOutput output) {
        this.spec = spec;
        this.process = process;
        this.output = output;
    }

    @Override
    public StepSpec spec() {
        return spec;
    }

    Process process() {
        return process;
    }

    StepOutput output() {
        return output;
    }

    /** The session id of the step's processes: the leader's pid. */
    long session() {
        return process.pid();
    }

    StepExit await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(saturatedNanos(timeout), TimeUnit.NANOSECONDS)) {
            return StepExit.timeout();
        }
        return new StepExit(process.exitValue(), false, killed);
    }

    /** Kills the step's processes; the first call does the work, later ones return at once. */
    void destroy(Duration grace) {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
        }
        if (process.isAlive()) {
            killed = true;
        }
        ProcessTree.kill(Set.of(session()), List.of(process.toHandle()), grace);
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

    private void afterKill() {
        output.discard();
        output.endAfter(OUTPUT_END_MILLIS);
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
