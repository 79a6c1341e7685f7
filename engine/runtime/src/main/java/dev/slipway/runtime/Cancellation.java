package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A cancellation signal for a job or a group of jobs, safe to use from any thread. It comes in two strengths:
 *
 * <ul>
 *   <li>{@link #cancelGracefully()}, GitHub's cancellation (a failed sibling under {@code fail-fast}, a newer run of a
 *       {@code concurrency} group with {@code cancel-in-progress}, the server's cancel): the step running at that
 *       moment is stopped unless its {@code if} still holds with the job cancelled ({@code always()},
 *       {@code cancelled()}), and only such steps run afterwards;
 *   <li>{@link #cancel()}, by force (Ctrl-C of {@code slipway run}, stopping the server, force-cancel, a second
 *       cancel of a run): every running step is stopped, whatever its {@code if}; {@code always()} and
 *       {@code cancelled()} steps still run afterwards.
 * </ul>
 *
 * A graceful cancellation can be followed by a forced one; the reverse changes nothing.
 */
public final class Cancellation {
    private final List<Runnable> callbacks = new ArrayList<>();
    private final List<Runnable> forcedCallbacks = new ArrayList<>();
    private boolean cancelled;
    private boolean forced;

    /** Cancels by force: runs the {@link #onCancel} callbacks unless cancelled before, then the {@link #onForced} ones. */
    public void cancel() {
        signal(true);
    }

    /** Cancels the way GitHub cancels a job: runs the {@link #onCancel} callbacks once. */
    public void cancelGracefully() {
        signal(false);
    }

    private void signal(boolean force) {
        List<Runnable> first = List.of();
        List<Runnable> forcing = List.of();
        synchronized (this) {
            if (forced || (cancelled && !force)) {
                return;
            }
            if (!cancelled) {
                cancelled = true;
                first = List.copyOf(callbacks);
                callbacks.clear();
            }
            if (force) {
                forced = true;
                forcing = List.copyOf(forcedCallbacks);
                forcedCallbacks.clear();
            }
        }
        first.forEach(Runnable::run);
        forcing.forEach(Runnable::run);
    }

    /** Whether it was cancelled, either way. */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Whether it was cancelled by force (perhaps after a graceful cancellation). */
    public synchronized boolean isForced() {
        return forced;
    }

    /** Runs {@code callback} on the first cancellation of either strength, or right away when already cancelled. */
    public void onCancel(Runnable callback) {
        if (!register(callbacks, callback)) {
            callback.run();
        }
    }

    /** Runs {@code callback} when cancelled by force, or right away when it was already. */
    public void onForced(Runnable callback) {
        if (!register(forcedCallbacks, callback)) {
            callback.run();
        }
    }

    /** Adds {@code callback} to {@code list} unless what it waits for has happened; false then. */
    private synchronized boolean register(List<Runnable> list, Runnable callback) {
        if (list == forcedCallbacks ? forced : cancelled) {
            return false;
        }
        list.add(callback);
        return true;
    }

    /** Cancels this one, with the same strength, whenever {@code parent} is cancelled. */
    public void follow(Cancellation parent) {
        follow(parent, () -> false);
    }

    /**
     * Cancels this one whenever {@code parent} is cancelled by force, and when it is cancelled gracefully unless
     * {@code spared} then says so (asked once, at that moment).
     */
    public void follow(Cancellation parent, BooleanSupplier spared) {
        parent.onCancel(() -> {
            if (parent.isForced()) {
                cancel();
            } else if (!spared.getAsBoolean()) {
                cancelGracefully();
            }
        });
        parent.onForced(this::cancel);
    }

    /** Forgets a callback registered with {@link #onCancel} or {@link #onForced}, e.g. when its step has ended. */
    public synchronized void remove(Runnable callback) {
        callbacks.remove(callback);
        forcedCallbacks.remove(callback);
    }
}
