package dev.slipway.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/** State shared by a run and the reusable workflows it calls: job slots, threads, finished jobs, job directories. */
final class Shared {
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slipway-job-", 0).factory());
    private final List<RunResult.Finished> finished = new ArrayList<>();
    private final ConcurrencyGroups groups = new ConcurrencyGroups();
    private final JobDirs jobDirs;
    private final java.util.Set<String> called = new java.util.HashSet<>();

    Shared(int parallelism, JobDirs jobDirs) {
        this.slots = new Semaphore(Math.max(1, parallelism), true);
        this.jobDirs = jobDirs;
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

    /** The directories the run's jobs run in. */
    JobDirs jobDirs() {
        return jobDirs;
    }

    /**
     * Notes a call of the reusable workflow {@code path}: false, noting nothing, when it would be one more than {@code
     * max} different ones in the run (a workflow called again is not another one).
     */
    synchronized boolean mayCall(String path, int max) {
        return called.contains(path) || (called.size() < max && called.add(path));
    }

    synchronized void add(RunResult.Finished f) {
        finished.add(f);
    }

    synchronized List<RunResult.Finished> finished() {
        return List.copyOf(finished);
    }
}
