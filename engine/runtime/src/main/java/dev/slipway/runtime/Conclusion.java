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
}
