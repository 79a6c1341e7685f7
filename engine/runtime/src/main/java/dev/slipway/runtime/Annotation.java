package dev.slipway.runtime;

import java.util.Optional;

/**
 * An error, warning or notice shown on a run, from {@code ::error file=..,line=..::message} and friends.
 *
 * @param level the annotation kind
 * @param message the (masked) message
 * @param file the file it points at, relative to the repository, or empty
 * @param line 1-based start line or empty
 * @param column 1-based start column or empty
 * @param endLine end line or empty
 * @param endColumn end column or empty
 * @param title a custom title or empty
 * @param step display name of the step that produced it
 */
public record Annotation(
        Level level,
        String message,
        Optional<String> file,
        Optional<Integer> line,
        Optional<Integer> column,
        Optional<Integer> endLine,
        Optional<Integer> endColumn,
        Optional<String> title,
        String step) {

    /** An annotation pointing at nothing in particular. */
    public static Annotation of(Level level, String message, String step) {
        return new Annotation(
                level,
                message,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                step);
    }

    /** The kinds of annotations. */
    public enum Level {
        ERROR,
        WARNING,
        NOTICE
    }
}
