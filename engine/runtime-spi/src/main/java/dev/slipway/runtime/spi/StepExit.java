package dev.slipway.runtime.spi;

/**
 * How a step's process ended.
 *
 * @param exitCode the process exit code; meaningless when {@code timedOut}
 * @param timedOut the wait expired and the process is still running
 * @param killed the process was ended by {@link Executor#destroyStep}
 */
public record StepExit(int exitCode, boolean timedOut, boolean killed) {
    public static StepExit of(int exitCode) {
        return new StepExit(exitCode, false, false);
    }

    public static StepExit timeout() {
        return new StepExit(-1, true, false);
    }

    public boolean succeeded() {
        return !timedOut && !killed && exitCode == 0;
    }
}
