package dev.slipway.runtime;

import java.util.Optional;

/**
 * Identifies a top-level step of a job in listener calls. Steps inside composite actions log to their top-level step.
 *
 * @param index 0-based position in the job's {@code steps:}; pre and post steps are numbered after the last step
 * @param id the step's {@code id:} or empty
 * @param name the rendered display name, e.g. {@code Run make} or {@code Post Run actions/cache@v4}
 * @param post whether this is the post step of an action
 */
public record StepRef(int index, Optional<String> id, String name, boolean post) {}
