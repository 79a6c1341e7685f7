package dev.slipway.run;

import dev.slipway.runtime.Cancellation;
import java.util.HashMap;
import java.util.Map;

/**
 * Job {@code concurrency:} groups within a run, with GitHub's rules: at most one running and one pending job per
 * group; a newer pending job cancels the older pending one; with {@code cancel-in-progress} it also cancels the running
 * one.
 */
final class ConcurrencyGroups {
    private final Map<String, Cancellation> running = new HashMap<>();
    private final Map<String, Cancellation> pending = new HashMap<>();

    /**
     * Waits until the job owning {@code mine} may run in {@code group}. Returns false when it was cancelled while
     * waiting (by a newer job or the run).
     */
    synchronized boolean enter(String group, boolean cancelInProgress, Cancellation mine) throws InterruptedException {
        Cancellation older = pending.put(group, mine);
        if (older != null) {
            older.cancelGracefully();
            notifyAll();
        }
        if (cancelInProgress && running.containsKey(group)) {
            running.get(group).cancelGracefully(); // GitHub's cancellation: its running always() step goes on
        }
        mine.onCancel(this::wake);
        while (running.containsKey(group) && !mine.isCancelled()) {
            wait();
        }
        pending.remove(group, mine);
        if (mine.isCancelled()) {
            return false;
        }
        running.put(group, mine);
        return true;
    }

    synchronized void leave(String group, Cancellation mine) {
        running.remove(group, mine);
        notifyAll();
    }

    private synchronized void wake() {
        notifyAll();
    }
}
