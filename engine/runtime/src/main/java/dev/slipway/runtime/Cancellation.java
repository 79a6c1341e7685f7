package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.List;

/** A one-shot cancellation signal for a job, safe to use from any thread. */
public final class Cancellation {
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;

    /** Signals cancellation; runs the registered callbacks once. Later calls do nothing. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code callback} on cancellation, or right away when already cancelled. */
    public void onCancel(Runnable callback) {
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /** Forgets a callback registered with {@link #onCancel}, e.g. when the step it would stop has ended. */
    public synchronized void remove(Runnable callback) {
        callbacks.remove(callback);
    }
}
