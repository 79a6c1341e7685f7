package dev.slipway.run;

import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;

/**
 * Follows a run as it happens. Called from the threads of the jobs, concurrently for different jobs; an
 * implementation that prints must synchronize itself.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    /** A job instance starts running steps; the returned listener receives its steps and log lines. */
    default JobListener jobStarted(JobRef job) {
        return JobListener.NONE;
    }

    /** A job instance ended (also when it was skipped or could not start). */
    default void jobFinished(JobRef job, JobResult result) {}
}
