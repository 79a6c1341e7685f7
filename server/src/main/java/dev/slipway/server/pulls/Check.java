package dev.slipway.server.pulls;

import java.util.Optional;

/**
 * One check of a pull request's head as the checks panel shows it.
 *
 * @param name the status context ({@code CI / build}) or, for a required check that has not reported, the name the
 *     rule requires
 * @param required whether a protection rule requires it
 */
public record Check(
        String name, State state, Optional<String> description, Optional<String> targetUrl, boolean required) {
    /** A check's state; {@link #SKIPPED} (a path filter skipped the workflow) counts as passed. */
    public enum State {
        SUCCESS,
        SKIPPED,
        PENDING,
        FAILURE,
        MISSING;

        /** Whether the check lets a merge through. */
        public boolean passed() {
            return this == SUCCESS || this == SKIPPED;
        }
    }
}
