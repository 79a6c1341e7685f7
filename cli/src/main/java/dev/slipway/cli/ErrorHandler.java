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
            if (ue.diagnostics().isEmpty()) {
                err.println("slipway: " + ue.getMessage());
            } else {
                ue.diagnostics().stream().map(Diagnostic::render).forEach(err::println);
            }
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
}
