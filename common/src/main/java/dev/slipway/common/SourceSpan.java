package dev.slipway.common;

/**
 * A position in a source file, 1-based line and column, as editors show them.
 *
 * @param file path of the file as the user named it (relative where possible)
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record SourceSpan(String file, int line, int column) {

    /** A span for a whole file, when no better position is known. */
    public static SourceSpan ofFile(String file) {
        return new SourceSpan(file, 0, 0);
    }

    /** Same file and line, column moved right by {@code delta} characters. */
    public SourceSpan shift(int delta) {
        return new SourceSpan(file, line, column + delta);
    }

    /** {@code file:line:col}, or just {@code file} when the position is unknown. */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
