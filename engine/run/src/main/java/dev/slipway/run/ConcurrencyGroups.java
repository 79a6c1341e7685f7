package dev.slipway.run;

import dev.slipway.runtime.Cancellation;
import dev.slipway.workflow.Concurrency;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Job {@code concurrency:} groups within a run, with GitHub's rules: one running job per group; with {@code queue:
 * single} (the default) one waiting job, which a newer one cancels and replaces; with {@code queue: max} up to {@value
 * Concurrency#MAX_PENDING} waiting jobs, which run in the order they came (one more is cancelled); {@code
 * cancel-in-progress} also cancels the running one (not with {@code queue: max}, which GitHub refuses).
 */
final class ConcurrencyGroups {
    private final Map<String, Cancellation> running = new HashMap<>();
    private final Map<String, Deque<Cancellation>> pending = new HashMap<>();

    /**
     * Waits until the job owning {@code mine} may run in {@code group}; empty then. Otherwise why it may not: it was
     * cancelled while waiting (by a newer job or the run), the queue was full, or the settings are refused.
     */
    synchronized Optional<String> enter(
            String group, boolean cancelInProgress, Concurrency.Queue queue, Cancellation mine)
            throws InterruptedException {
        Deque<Cancellation> waiting = pending.computeIfAbsent(group, g -> new ArrayDeque<>());
        if (queue == Concurrency.Queue.MAX) {
            if (cancelInProgress) {
                return Optional.of(Concurrency.QUEUE_WITH_CANCEL);
            }
            if (waiting.size() >= Concurrency.MAX_PENDING) {
                return Optional.of("cancelled: the queue of concurrency group '" + group + "' is full ("
                        + Concurrency.MAX_PENDING + " jobs waiting)");
            }
        } else {
            waiting.forEach(Cancellation::cancelGracefully);
            waiting.clear();
            if (cancelInProgress && running.containsKey(group)) {
                running.get(group).cancelGracefully(); // GitHub's cancellation: its running always() step goes on
            }
        }
        waiting.addLast(mine);
        mine.onCancel(this::wake);
        while ((running.containsKey(group) || waiting.peekFirst() != mine) && !mine.isCancelled()) {
            wait();
        }
        waiting.remove(mine);
        if (waiting.isEmpty()) {
            pending.remove(group, waiting);
        }
        if (mine.isCancelled()) {
            notifyAll(); // the next one in the queue may be first now
            return Optional.of("cancelled: a newer job of concurrency group '" + group + "' is waiting");
        }
        running.put(group, mine);
        return Optional.empty();
    }

    synchronized void leave(String group, Cancellation mine) {
        running.remove(group, mine);
        notifyAll();
    }

    private synchronized void wake() {
        notifyAll();
    }
}
