package dev.slipway.server.runs;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run workers: virtual threads that take queued runs, claim each with the store's queued → in_progress update
 * (so a run is executed once even if it was offered twice) and execute it. Cancelling and claiming share one lock, so
 * a run is either cancelled while queued or cancelled through its {@link RunHandle}, never lost in between.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    private static final long WAKE_UP = -1;
    /** Why the runs still executing when the server stops are cancelled. */
    static final String SERVER_STOPPED = "server stopped";

    private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

    private final Database db;
    private final RunExecutor executor;
    private final BlockingQueue<Long> pending = new LinkedBlockingQueue<>();
    private final Map<Long, RunHandle> active = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean stopping;

    Workers(Database db, RunExecutor executor) {
        this.db = db;
        this.executor = executor;
    }

    /** Offers a queued run to the workers. */
    void offer(long runId) {
        pending.add(runId);
    }

    synchronized void start(int count) {
        if (!threads.isEmpty() || stopping) {
            throw new IllegalStateException("the run workers were started already");
        }
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name("slipway-run-worker-" + i).start(this::work));
        }
    }

    /**
     * Cancels a run: through its handle while it executes here (gracefully, or by {@code force}), else by ending its
     * rows as cancelled.
     */
    synchronized void cancel(long runId, String reason, boolean force) {
        var handle = active.get(runId);
        if (handle != null) {
            handle.cancel(reason, force);
            return;
        }
        var run = db.runs().find(runId);
        if (run.isPresent() && db.runs().complete(runId, Conclusion.CANCELLED)) {
            for (var job : db.jobs().listForRun(runId)) {
                if (job.status() != JobStatus.COMPLETED) {
                    db.queue().cancel(job.id());
                }
            }
        }
    }

    /**
     * Takes no more runs, waits up to {@code drain} for the running ones, then cancels them ("server stopped") and
     * waits a little for them to clean up. Runs still queued stay queued for the next start. A run whose only open
     * jobs wait at an environment's gate has nothing to drain: it is stopped at once, and resumes at the next start.
     */
    void stop(Duration drain) {
        List<Thread> toJoin;
        synchronized (this) {
            stopping = true;
            toJoin = List.copyOf(threads);
            active.forEach((runId, handle) -> {
                if (onlyWaitingAtGates(runId)) {
                    handle.cancel(SERVER_STOPPED, true);
                }
            });
        }
        toJoin.forEach(t -> pending.add(WAKE_UP));
        try {
            awaitIdle(drain);
            synchronized (this) {
                active.values().forEach(h -> h.cancel(SERVER_STOPPED, true));
            }
            awaitIdle(CANCEL_GRACE);
            for (var thread : toJoin) {
                thread.interrupt(); // only workers stuck past the grace still run
                thread.join(CANCEL_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a job of the run waits at an environment's gate and none is queued for or running on an agent. */
    private boolean onlyWaitingAtGates(long runId) {
        return db.gates().anyWaiting(runId)
                && db.jobs().listForRun(runId).stream()
                        .noneMatch(j -> j.status() == JobStatus.QUEUED || j.status() == JobStatus.IN_PROGRESS);
    }

    private synchronized void awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!active.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void work() {
        while (true) {
            long runId;
            try {
                runId = pending.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            var claimed = claim(runId);
            if (claimed.isEmpty()) {
                if (isStopping()) {
                    return;
                }
                continue;
            }
            try {
                executor.execute(claimed.get().run(), claimed.get().handle());
            } catch (RuntimeException e) {
                LOG.error("run {} failed unexpectedly", runId, e);
            } finally {
                release(runId);
                offerNextOfGroup(claimed.get().run());
            }
        }
    }

    private synchronized Optional<Claimed> claim(long runId) {
        if (stopping || runId == WAKE_UP || !db.runs().start(runId)) {
            return Optional.empty();
        }
        var handle = new RunHandle();
        active.put(runId, handle);
        return Optional.of(new Claimed(db.runs().find(runId).orElseThrow(), handle));
    }

    private synchronized void release(long runId) {
        active.remove(runId);
        notifyAll();
    }

    /** The run of a concurrency group that waited for this one to end (the store refused to start it before). */
    private void offerNextOfGroup(Run ended) {
        ended.concurrencyGroup()
                .ifPresent(group -> db.runs().activeInGroup(ended.repoId(), group).stream()
                        .filter(r -> r.status() == RunStatus.QUEUED)
                        .findFirst()
                        .ifPresent(r -> pending.add(r.id())));
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    private record Claimed(Run run, RunHandle handle) {}
}
