package dev.slipway.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The stop state of one top-level step: whether a stop (cancel, job or step timeout) came after it began, and its own
 * {@code timeout-minutes} timer. Steps of composite actions share their top-level step's guard.
 */
final class StepGuard implements AutoCloseable {
    private final JobControl control;
    private final int startEpoch;
    private volatile boolean timedOut;
    private Optional<ScheduledFuture<?>> timer = Optional.empty();

    StepGuard(JobControl control) {
        this(control, control.epoch());
    }

    /** A guard for a step inside a composite action: it stops with its top-level step. */
    StepGuard(JobControl control, int startEpoch) {
        this.control = control;
        this.startEpoch = startEpoch;
    }

    JobControl control() {
        return control;
    }

    int startEpoch() {
        return startEpoch;
    }

    /** Starts the step's timeout; the running process is killed when it expires. */
    void timeout(Duration limit) {
        timer.ifPresent(t -> t.cancel(false));
        timer = Optional.of(JobControl.schedule(limit, () -> {
            timedOut = true;
            control.stop();
        }));
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Whether the step must stop: a stop arrived after it began. */
    boolean stopped() {
        return control.epoch() != startEpoch;
    }

    @Override
    public void close() {
        timer.ifPresent(t -> t.cancel(false));
    }
}
