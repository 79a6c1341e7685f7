package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;

/**
 * {@code concurrency:} at workflow or job level.
 *
 * @param group the group template (may hold expressions)
 * @param cancelInProgress a boolean or a string holding an expression
 * @param queue how many may wait in the group: {@code queue: single} (the default) or {@code max}
 */
public record Concurrency(String group, Value cancelInProgress, Queue queue, SourceSpan span) {
    /** GitHub's limit of jobs or runs waiting in a group with {@code queue: max}. */
    public static final int MAX_PENDING = 100;

    /** A group with the default queue. */
    public Concurrency(String group, Value cancelInProgress, SourceSpan span) {
        this(group, cancelInProgress, Queue.SINGLE, span);
    }

    /** {@code queue:} (GitHub, 2026). */
    public enum Queue {
        /** At most one waits: a newer one cancels it and takes its place. */
        SINGLE,
        /** Up to {@link #MAX_PENDING} wait and go in the order they came; more are cancelled. */
        MAX;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The message for {@code queue: max} with {@code cancel-in-progress} true, which GitHub refuses. */
    public static final String QUEUE_WITH_CANCEL =
            "'queue: max' cannot be combined with 'cancel-in-progress: true': a queue keeps the runs that"
                    + " cancel-in-progress would cancel";
}
