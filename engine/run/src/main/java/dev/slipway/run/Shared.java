package dev.slipway.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** State shared by a run and the reusable workflows it calls: job slots, threads, finished jobs, numbering. */
final class Shared {
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slipway-job-", 0).factory());
    private final List<RunResult.Finished> finished = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final ConcurrencyGroups groups = new ConcurrencyGroups();

    Shared(int parallelism) {
        this.slots = new Semaphore(Math.max(1, parallelism), true);
    }

    Semaphore slots() {
        return slots;
    }

    ExecutorService threads() {
        return threads;
    }

    ConcurrencyGroups groups() {
        return groups;
    }

    int nextNumber() {
        return sequence.incrementAndGet();
    }

    synchronized void add(RunResult.Finished f) {
        finished.add(f);
    }

    synchronized List<RunResult.Finished> finished() {
        return List.copyOf(finished);
    }
}
