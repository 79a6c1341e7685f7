package dev.slipway.runtime;

/** How a step or a job ended, as GitHub reports it. */
public enum Conclusion {
    SUCCESS,
    FAILURE,
    CANCELLED,
    SKIPPED;

    /** Lower-case name as the {@code steps} and {@code needs} contexts show it, e.g. {@code success}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The outcome of a group as GitHub sums up a run from its jobs: a failure when any part failed, else cancelled when
     * any was, else success (skipped parts do not count). Slipway sums up the runs of one {@code slipway run} the same.
     */
    public static Conclusion overall(Iterable<Conclusion> parts) {
        boolean cancelled = false;
        for (Conclusion c : parts) {
            if (c == FAILURE) {
                return FAILURE;
            }
            cancelled |= c == CANCELLED;
        }
        return cancelled ? CANCELLED : SUCCESS;
    }

    /**
     * A run's conclusion from its jobs' (or a {@code slipway run}'s from its runs'): {@link #overall}, except that a run
     * all of whose parts were skipped is skipped, as GitHub concludes a run whose every job's {@code if} was false.
     */
    public static Conclusion ofRun(java.util.Collection<Conclusion> parts) {
        if (!parts.isEmpty() && parts.stream().allMatch(c -> c == SKIPPED)) {
            return SKIPPED;
        }
        return overall(parts);
    }
}
