package dev.slipway.expr;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;

/**
 * A mistake in an expression, found while parsing or evaluating it. {@link #offset()} is the 0-based index into the
 * text the expression was parsed from (the text inside {@code ${{ }}}, or the whole template for {@link Template}).
 */
public final class ExprException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public ExprException(String message, int offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    /** 0-based index of the offending character in the parsed text. */
    public int offset() {
        return offset;
    }

    /** The same error with its offset moved right by {@code delta}, for text embedded in a larger string. */
    public ExprException shift(int delta) {
        return delta == 0 ? this : new ExprException(getMessage(), offset + delta);
    }

    /**
     * A diagnostic pointing at this error, given the position of the first character of the parsed text (same line;
     * the column is moved by {@link #offset()}).
     */
    public Diagnostic diagnostic(SourceSpan textStart) {
        return Diagnostic.error(textStart.line() <= 0 ? textStart : textStart.shift(offset), getMessage());
    }
}
