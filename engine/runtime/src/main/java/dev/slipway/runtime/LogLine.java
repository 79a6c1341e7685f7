package dev.slipway.runtime;

import java.util.Optional;

/**
 * One line of a step's log as delivered to a {@link JobListener}, already masked.
 *
 * @param kind what the line is
 * @param text the text without workflow-command syntax (for a group start: the group title)
 * @param annotation the annotation, for {@link Kind#ERROR}, {@link Kind#WARNING} and {@link Kind#NOTICE} lines
 */
public record LogLine(Kind kind, String text, Optional<Annotation> annotation) {

    public static LogLine of(Kind kind, String text) {
        return new LogLine(kind, text, Optional.empty());
    }

    /** The kinds of log lines. */
    public enum Kind {
        /** Ordinary output of the step's process. */
        OUTPUT,
        /** A line the runtime prints about what it does, e.g. the script being run, or an echoed command. */
        COMMAND,
        /** {@code ::group::title}. */
        GROUP_START,
        /** {@code ::endgroup::}. */
        GROUP_END,
        ERROR,
        WARNING,
        NOTICE,
        /** {@code ::debug::}; shown only when debugging is on. */
        DEBUG
    }
}
