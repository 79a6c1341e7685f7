package dev.slipway.common;

import java.util.List;

/**
 * Thrown where a user mistake must abort a whole operation (bad CLI input, a workflow that does not parse). The CLI
 * prints {@link #diagnostics()} and exits with code 2; it never prints the stack trace.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public UserError(String message) {
        super(message, null, false, false);
        this.diagnostics = List.of();
    }

    public UserError(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid input" : diagnostics.get(0).render(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
