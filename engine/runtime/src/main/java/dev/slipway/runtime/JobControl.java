package dev.slipway.runtime;

import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.StepHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Stops what runs: user cancellation, the job timeout and step timeouts all end the running process through here. Each
 * stop bumps an epoch; a step that began before the stop is killed, steps that start afterwards (such as
 * {@code always()} steps) run normally. A graceful cancellation (see {@link Cancellation}) stops the running step only
 * when its {@code if}, evaluated again with the job cancelled, no longer holds, as GitHub's runner does.
 */
final class JobControl {
    private static final ScheduledExecutorService TIMERS = timers();

    /** One timer thread; cancelled timers (every job's own, at its end) leave the queue at once instead of piling up. */
    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "slipway-step-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private final Executor executor;
    private final Cancellation cancellation;
    private final AtomicInteger epoch = new AtomicInteger();
    private final AtomicReference<Optional<StepHandle>> running = new AtomicReference<>(Optional.empty());
    /** Whether the running top-level step's {@code if} still holds with the job cancelled; absent between steps. */
    private final AtomicReference<Optional<BooleanSupplier>> stillWanted = new AtomicReference<>(Optional.empty());

    private volatile boolean jobTimedOut;

    JobControl(Executor executor, Cancellation cancellation) {
        this.executor = executor;
        this.cancellation = cancellation;
    }

    boolean cancelled() {
        return cancellation.isCancelled();
    }

    boolean jobTimedOut() {
        return jobTimedOut;
    }

    /** Cancelled or timed out: only {@code always()}/{@code cancelled()} steps run from now on. */
    boolean interrupted() {
        return cancelled() || jobTimedOut;
    }

    int epoch() {
        return epoch.get();
    }

    /** Ends the running process; steps that started before now must stop. */
    void stop() {
        epoch.incrementAndGet();
        running.get().ifPresent(executor::destroyStep);
    }

    /**
     * The job was cancelled gracefully: the running step goes on when its condition still holds now that the job is
     * cancelled, and is stopped otherwise. A forced cancellation stops it through {@link #stop} alone (once: a second
     * stop could hit the {@code always()} step that began in between).
     */
    void onCancelled() {
        if (cancellation.isForced()) {
            return;
        }
        Optional<BooleanSupplier> test = stillWanted.get();
        if (test.isEmpty() || !test.get().getAsBoolean()) {
            stop();
        }
    }

    /** While a top-level step runs: how to tell whether it still should once the job is cancelled. */
    void whileRunning(BooleanSupplier wantedWhenCancelled) {
        stillWanted.set(Optional.of(wantedWhenCancelled));
    }

    /** The top-level step ended (or has not started): a cancellation stops whatever runs. */
    void stepEnded() {
        stillWanted.set(Optional.empty());
    }

    void jobTimeout() {
        jobTimedOut = true;
        stop();
    }

    /** Records the running process; kills it at once when a stop came after {@code startEpoch}. */
    void attach(StepHandle handle, int startEpoch) {
        running.set(Optional.of(handle));
        if (epoch.get() != startEpoch) {
            executor.destroyStep(handle);
        }
    }

    void detach() {
        running.set(Optional.empty());
    }

    /** Runs {@code task} after {@code delay} unless the returned future is cancelled first. */
    static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return TIMERS.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }
}
