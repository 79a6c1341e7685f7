package dev.slipway.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Where one top-level step's log lines go: masks them and hands them to the listener. Annotations are also collected
 * for the job result.
 */
record StepLog(JobListener listener, StepRef step, Masker masker, List<Annotation> annotations, boolean debug) {

    void line(LogLine.Kind kind, String text) {
        if (kind == LogLine.Kind.DEBUG && !debug) {
            return;
        }
        listener.log(step, LogLine.of(kind, masker.mask(text)));
    }

    void output(String text) {
        line(LogLine.Kind.OUTPUT, text);
    }

    void command(String text) {
        line(LogLine.Kind.COMMAND, text);
    }

    /** Reports an annotation: as a log line and in the job's annotation list. */
    void annotate(Annotation annotation) {
        annotate(annotation, annotation.message());
    }

    /**
     * Records {@code annotation} and logs {@code text} for it: a problem matcher's hit is logged as the line it matched
     * (GitHub's runner logs the matched line, colour codes stripped, while the annotation carries what the matcher
     * took from it).
     */
    void annotate(Annotation annotation, String text) {
        Annotation masked = new Annotation(
                annotation.level(),
                masker.mask(annotation.message()),
                annotation.file(),
                annotation.line(),
                annotation.column(),
                annotation.endLine(),
                annotation.endColumn(),
                annotation.title().map(masker::mask),
                annotation.step());
        synchronized (annotations) {
            annotations.add(masked);
        }
        LogLine.Kind kind = switch (annotation.level()) {
            case ERROR -> LogLine.Kind.ERROR;
            case WARNING -> LogLine.Kind.WARNING;
            case NOTICE -> LogLine.Kind.NOTICE;
        };
        String shown = text.equals(annotation.message()) ? masked.message() : masker.mask(text);
        listener.log(step, new LogLine(kind, shown, Optional.of(masked)));
    }

    void error(String message) {
        annotate(Annotation.of(Annotation.Level.ERROR, message, step.name()));
    }

    void warning(String message) {
        annotate(Annotation.of(Annotation.Level.WARNING, message, step.name()));
    }
}
