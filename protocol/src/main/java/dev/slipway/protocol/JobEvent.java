package dev.slipway.protocol;

import java.util.Map;

/**
 * One thing that happened in a running job, numbered from 0 per lease so that a resend is recognised: a step started, a
 * log line, a step finished. Fields that do not apply to the {@link #type} are empty.
 *
 * @param seq position in the lease's event stream
 * @param type what happened
 * @param step the top-level step it belongs to
 * @param kind for {@link Type#LOG}: the line's kind ({@code OUTPUT}, {@code COMMAND}, {@code ERROR}, ...)
 * @param text for {@link Type#LOG}: the masked line
 * @param outcome for {@link Type#STEP_FINISHED}: the step's outcome ({@code success}, {@code failure}, ...)
 * @param conclusion for {@link Type#STEP_FINISHED}: its conclusion after {@code continue-on-error}
 * @param outputs for {@link Type#STEP_FINISHED}: the step's outputs
 * @param millis for {@link Type#STEP_FINISHED}: how long it ran
 */
public record JobEvent(
        long seq,
        Type type,
        Step step,
        String kind,
        String text,
        String outcome,
        String conclusion,
        Map<String, String> outputs,
        long millis) {
    public JobEvent {
        outputs = Map.copyOf(outputs);
    }

    /** The kinds of events. */
    public enum Type {
        STEP_STARTED,
        LOG,
        STEP_FINISHED
    }

    /**
     * A top-level step.
     *
     * @param index 0-based; pre and post steps after the declared ones
     * @param id its {@code id:}, or empty
     * @param name its display name
     * @param post whether it is an action's post step
     */
    public record Step(int index, String id, String name, boolean post) {}
}
