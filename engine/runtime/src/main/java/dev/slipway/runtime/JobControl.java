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
 * {@code always()} steps) run normally. A graceful cancellation (see {@link Cancellation}) and the job's timeout stop
 * the running step only when its {@code if}, evaluated again with the job cancelled, no longer holds, as GitHub's
 * runner does (GitHub's server turns a job timeout into a cancellation of the job). What goes on after that is bounded
 * by the job's {@code cancel-timeout-minutes} (5 by default, as on GitHub): when it expires, the running step is
 * stopped and no further step starts.
 */
final class JobControl {
    private static final ScheduledExecutorService TIMERS = timers();
    /** GitHub's cancel timeout: how long a cancelled job's remaining steps may run before its runner is stopped. */
    static final Duration DEFAULT_CANCEL_TIMEOUT = Duration.ofMinutes(5);

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
    /** This control's callbacks as registered with the cancellation by {@link #follow} (kept to remove them). */
    private final Runnable onCancel = this::onCancelled;

    private final Runnable onForced = this::stop;

    /** The controls of the job's background steps, which follow this one's job timeout and cancel timeout. */
    private final java.util.List<JobControl> children = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean jobTimedOut;
    private volatile boolean expired;
    /** A {@code cancel} step stopped the background step of this control. */
    private volatile boolean withdrawn;

    private Duration cancelTimeout = DEFAULT_CANCEL_TIMEOUT; // guarded by this
    private long expiryStarted; // guarded by this
    /** The cancel timeout's timer, once started (by the first graceful cancellation or the job's timeout). */
    private Optional<ScheduledFuture<?>> expiry = Optional.empty(); // guarded by this

    private boolean closed; // guarded by this

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
        return cancelled() || jobTimedOut || withdrawn;
    }

    /**
     * The control of a background step of this job: it stops that step's process alone, follows the job's
     * cancellation (registered with it until {@link #close}), its timeout and its cancel timeout.
     */
    JobControl child() {
        JobControl child = new JobControl(executor, cancellation);
        synchronized (this) {
            child.cancelTimeout(cancelTimeout);
        }
        children.add(child);
        child.follow();
        if (jobTimedOut) {
            child.jobTimeout();
        }
        if (expired) {
            child.expire();
        }
        return child;
    }

    /**
     * Follows the cancellation from now on: a graceful one through {@link #onCancelled}, a forced one through {@link
     * #stop}; {@link #close} forgets it again. At once when it came already.
     */
    void follow() {
        cancellation.onCancel(onCancel);
        cancellation.onForced(onForced);
    }

    /** A {@code cancel} step: stops the background step of this control, which ends cancelled. */
    void withdraw() {
        withdrawn = true;
        stop();
    }

    /** Whether a {@code cancel} step stopped this control's step. */
    boolean withdrawn() {
        return withdrawn;
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
        stopUnlessWanted();
        startCancelTimeout();
    }

    /** Stops the running step unless its condition still holds now that the job is cancelled. */
    private void stopUnlessWanted() {
        Optional<BooleanSupplier> test = stillWanted.get();
        if (test.isEmpty() || !test.get().getAsBoolean()) {
            stop();
        }
    }

    /**
     * How long steps may go on after a cancellation or the job's timeout ({@code cancel-timeout-minutes}). A
     * cancellation that came before the job had its limit (while the job was being set up) started the timer with the
     * default; it is set again to end at the job's own limit.
     */
    synchronized void cancelTimeout(Duration limit) {
        cancelTimeout = limit;
        if (expiry.isPresent() && !closed && !expired) {
            expiry.get().cancel(false);
            expiry = Optional.of(schedule(limit.minusNanos(System.nanoTime() - expiryStarted), this::expire));
        }
    }

    private synchronized void startCancelTimeout() {
        if (expiry.isEmpty() && !closed) {
            expiryStarted = System.nanoTime();
            expiry = Optional.of(schedule(cancelTimeout, this::expire));
        }
    }

    private void expire() {
        expired = true;
        stop();
        children.forEach(JobControl::expire);
    }

    /**
     * Whether the cancel timeout expired: the job's runner would be stopped now, so no step starts any more (what runs
     * was stopped).
     */
    boolean expired() {
        return expired;
    }

    /** The job (or the background step) ended: its cancel timeout, if started, has nothing left to stop. */
    void close() {
        synchronized (this) {
            closed = true;
            expiry.ifPresent(t -> t.cancel(false));
        }
        cancellation.remove(onCancel);
        cancellation.remove(onForced);
    }

    /** A background step ended: its control no longer follows this one. */
    void forget(JobControl child) {
        children.remove(child);
    }

    /** While a top-level step runs: how to tell whether it still should once the job is cancelled. */
    void whileRunning(BooleanSupplier wantedWhenCancelled) {
        stillWanted.set(Optional.of(wantedWhenCancelled));
    }

    /** The top-level step ended (or has not started): a cancellation stops whatever runs. */
    void stepEnded() {
        stillWanted.set(Optional.empty());
    }

    /**
     * The job's {@code timeout-minutes} expired: like a graceful cancellation, the running step goes on only when its
     * condition still holds for a cancelled job, and only such steps run afterwards.
     */
    void jobTimeout() {
        jobTimedOut = true;
        stopUnlessWanted();
        startCancelTimeout();
        children.forEach(JobControl::jobTimeout);
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
