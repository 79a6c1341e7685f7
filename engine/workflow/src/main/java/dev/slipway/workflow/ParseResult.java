package dev.slipway.workflow;

import dev.slipway.common.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing one file: the workflow when it could be built, and every diagnostic found. A workflow with
 * error diagnostics must not be run.
 */
public record ParseResult<T>(Optional<T> value, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
