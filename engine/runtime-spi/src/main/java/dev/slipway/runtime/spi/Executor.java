package dev.slipway.runtime.spi;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A place that runs a job's processes: this machine, a container engine, a cluster, or a script (tests).
 *
 * <p><b>Call order</b> for one job: {@link #prepareJob} once; then for each step, {@link #startStep}, {@link #logs}
 * (blocks until the step's output ends), {@link #awaitStep}; finally {@link #destroyJob} exactly once, also after a
 * failure or cancellation. {@link #destroyStep} may be called at any time after {@link #startStep}, from any thread,
 * to cancel or time out a step; it makes a pending {@link #logs} return soon after.
 *
 * <p><b>Threading</b>: an executor serves many jobs at once; the calls for one step come from the runtime's thread of
 * that job, except {@link #destroyStep} and {@link #destroyJob}, which may come from a canceller thread.
 *
 * <p><b>Cleanup</b>: {@link #destroyStep} and {@link #destroyJob} are idempotent and never throw for resources already
 * gone. The executor owns every process, container and temporary file it creates and removes them in {@link
 * #destroyJob}; the runtime owns the workspace directory it passed in {@link JobSpec}.
 *
 * <p>Executors receive resolved specifications: expressions never reach them.
 */
public interface Executor {

    /** Short name used in logs and configuration, e.g. {@code host}. */
    String name();

    /**
     * Prepares what the job's steps need (a container, a network, directories).
     *
     * @throws ExecutorException when the environment cannot be set up; the message is shown to the user
     */
    JobHandle prepareJob(JobSpec spec) throws ExecutorException;

    /**
     * Starts one step's process. Its standard output and error are merged, in order, into one stream read by {@link
     * #logs}.
     *
     * @throws ExecutorException when the process cannot be started (e.g. the shell is not installed)
     */
    StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException;

    /**
     * Delivers the step's output to {@code sink} line by line, on the calling thread, and returns when the output has
     * ended (the process and everything it started have closed their output) or the step was destroyed.
     */
    void logs(StepHandle step, LogSink sink);

    /**
     * Waits for the step's process to end.
     *
     * @param timeout how long to wait at most; on expiry the step is still running and {@link StepExit#timedOut()} is
     *     true
     */
    StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException;

    /** Kills the step's whole process tree (or container exec). Idempotent; safe from any thread. */
    void destroyStep(StepHandle step);

    /** Releases everything of the job: running steps, containers, networks, temporary files. Idempotent. */
    void destroyJob(JobHandle job);

    /**
     * Builds an image from {@code dockerfile} in {@code context}, tagged {@code tag}, for Docker actions. The build
     * output goes to {@code sink}. Executors that cannot run containers refuse.
     *
     * @return the image reference to run
     */
    default String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        throw new ExecutorException("the " + name() + " executor cannot build images; Docker container actions need"
                + " a container executor (map the job's runs-on label to docker)");
    }

    /** Whether this executor can run steps in containers ({@code container:}, {@code services:}, Docker actions). */
    default boolean supportsContainers() {
        return false;
    }
}
