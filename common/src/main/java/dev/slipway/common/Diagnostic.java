package dev.slipway.common;

import java.util.Comparator;

/**
 * A problem in user input, reported as {@code file:line:col: severity: message}. User mistakes are values of this
 * type, never exceptions.
 */
public record Diagnostic(Severity severity, String message, SourceSpan span) {

    /** Orders diagnostics by file, line and column, the order users read them in. */
    public static final Comparator<Diagnostic> BY_POSITION = Comparator.comparing(
                    (Diagnostic d) -> d.span().file())
            .thenComparingInt(d -> d.span().line())
            .thenComparingInt(d -> d.span().column())
            .thenComparing(Diagnostic::message);

    /** How bad a diagnostic is. */
    public enum Severity {
        ERROR,
        WARNING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Diagnostic error(SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, message, span);
    }

    public static Diagnostic warning(SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, message, span);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line form users see: {@code path:line:col: error: message}. */
    public String render() {
        return span + ": " + severity.label() + ": " + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
