package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.StepExit;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** The end of a step exec'd in the job container: its exit, the copy back, and the kill on cancellation. */
final class PodSteps {
    private static final long EXIT_AFTER_OUTPUT_MILLIS = 10_000;
    private static final long PID_WAIT_MILLIS = 5_000;
    private static final long KILL_WAIT_MILLIS = 10_000;
    private static final long OUTPUT_END_MILLIS = 500;

    private PodSteps() {}

    /** After the step's output ended: waits for its exit, then copies the workspace back once (not when destroyed). */
    static Optional<String> copyBack(KubeStep step, JobCopies copies) {
        try {
            step.watch().exitCode().get(EXIT_AFTER_OUTPUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // still running with its output closed, or the exec broke: copy what is there
        }
        if (step.isDestroyed() || !step.markSynced()) {
            return Optional.empty();
        }
        try {
            copies.out(step.job());
            return Optional.empty();
        } catch (IOException e) {
            String message =
                    "cannot copy the workspace back from pod " + step.job().pod() + ": " + Labels.reason(e);
            step.syncError(message);
            return Optional.of(message);
        }
    }

    static StepExit await(KubeStep step, Duration timeout) throws InterruptedException {
        Integer code;
        try {
            code = step.watch()
                    .exitCode()
                    .get(Math.max(0, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return StepExit.timeout();
        } catch (java.util.concurrent.ExecutionException e) {
            code = null;
        }
        int exit = code == null ? (step.wasKilled() ? 137 : -1) : code;
        if (exit == 0 && step.syncError().isPresent()) {
            exit = 1;
        }
        return new StepExit(exit, false, step.wasKilled());
    }

    /** Kills the step's process tree in {@code container} (by the pid its wrapper printed), then ends its exec. */
    static void destroy(KubeStep step, ContainerResource container) {
        if (!step.markDestroyed()) {
            return;
        }
        try {
            if (!step.watch().exitCode().isDone()) {
                step.killed();
                long pid = step.pid().get(PID_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (pid > 0) {
                    try (var kill = container
                            .redirectingOutput()
                            .exec(StepExec.kill(pid).toArray(String[]::new))) {
                        kill.exitCode().get(KILL_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // the pod is gone or unreachable: closing the exec below is all that is left
        } finally {
            endOutput(step);
        }
    }

    /** Lets the output end by itself for a moment (a killed process closes it), then cuts the exec. */
    private static void endOutput(KubeStep step) {
        long deadline = System.nanoTime() + OUTPUT_END_MILLIS * 1_000_000;
        while (!step.outputEnded() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        step.watch().close();
    }
}
