package dev.slipway.runtime;

import java.util.Optional;

/**
 * An action's post step, run at the end of the job in reverse order of registration.
 *
 * @param name the display name, e.g. {@code Post Run actions/cache@v4}
 * @param id the main step's id
 * @param condition {@code post-if}, {@code always()} by default
 * @param body runs the post script or built-in
 */
record PostStep(String name, Optional<String> id, String condition, Body body) {

    /** The work of a post step. */
    @FunctionalInterface
    interface Body {
        Outcome run(StepLog log, StepGuard guard);
    }
}
