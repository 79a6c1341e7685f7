package dev.slipway.runtime;

/**
 * Follows a job while it runs. All methods are called on the job's thread, in order; every method has a no-op
 * default. Log lines are masked before they get here.
 */
public interface JobListener {
    JobListener NONE = new JobListener() {};

    /** A step begins: its condition is evaluated next, so a skipped step is started and finished too. */
    default void stepStarted(StepRef step) {}

    /** One line of a step's log. */
    default void log(StepRef step, LogLine line) {}

    /** A step ended, or was skipped. */
    default void stepFinished(StepRef step, StepResult result) {}
}
