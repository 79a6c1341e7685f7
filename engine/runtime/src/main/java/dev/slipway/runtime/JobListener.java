package dev.slipway.runtime;

/**
 * Follows a job while it runs. Calls come one at a time, in order; from the job's thread, and from the threads of its
 * background steps when it has some ({@code background: true}, {@code parallel}), whose events then interleave with
 * the other steps' (each call names its step). Every method has a no-op default. Log lines are masked before they get
 * here.
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
