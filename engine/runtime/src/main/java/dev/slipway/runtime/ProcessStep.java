package dev.slipway.runtime;

import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.time.Duration;
import java.util.Optional;

/** Runs one process through the executor, feeding its output to a sink, and stops it when the guard says so. */
final class ProcessStep {
    private static final Duration POLL = Duration.ofMillis(500);

    private ProcessStep() {}

    /** How a process ended: its exit code, or why it did not run to its end. */
    record Exit(int code, boolean stopped, Optional<String> error) {
        boolean succeeded() {
            return code == 0 && !stopped && error.isEmpty();
        }
    }

    static Exit run(Executor executor, JobHandle job, StepGuard guard, StepSpec spec, LogSink sink) {
        if (guard.stopped()) {
            return new Exit(-1, true, Optional.empty());
        }
        StepHandle handle;
        try {
            handle = executor.startStep(job, spec);
        } catch (ExecutorException e) {
            return new Exit(-1, false, Optional.of(e.getMessage()));
        }
        JobControl control = guard.control();
        control.attach(handle, guard.startEpoch());
        try {
            executor.logs(handle, sink);
            while (true) {
                StepExit exit = executor.awaitStep(handle, POLL);
                if (!exit.timedOut()) {
                    boolean stopped = exit.killed() || guard.stopped();
                    return new Exit(exit.exitCode(), stopped, Optional.empty());
                }
                if (guard.stopped()) {
                    executor.destroyStep(handle);
                }
            }
        } catch (InterruptedException e) {
            executor.destroyStep(handle);
            Thread.currentThread().interrupt();
            return new Exit(-1, true, Optional.empty());
        } finally {
            control.detach();
        }
    }
}
