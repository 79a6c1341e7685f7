package dev.slipway.cli;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.UserError;
import picocli.CommandLine;

/** Turns exceptions into messages: user errors exit 2 with their diagnostics, anything else exits 1, no stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        var err = cli.getErr();
        if (ex instanceof UserError ue) {
            print(ue, err::println);
            return Main.EXIT_USAGE;
        }
        err.println("slipway: internal error: " + ex);
        if (System.getenv("SLIPWAY_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set SLIPWAY_DEBUG=1 to see the stack trace)");
        }
        return 1;
    }

    /** The lines of {@code error}: its diagnostics ({@code path:line:col: message}), or its message. */
    static void print(UserError error, java.util.function.Consumer<String> out) {
        if (error.diagnostics().isEmpty()) {
            out.accept("slipway: " + error.getMessage());
        } else {
            error.diagnostics().stream().map(Diagnostic::render).forEach(out);
        }
    }
}
