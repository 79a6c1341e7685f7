package dev.slipway.cli;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.workflow.ActionParser;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads and parses workflow files; unreadable files become diagnostics too. */
final class WorkflowLoader {
    private WorkflowLoader() {}

    /** Parses {@code file}; paths in diagnostics are relative to {@code root} when the file is inside it. */
    static ParseResult<Workflow> parse(Path file, Path root) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return parseAs(abs, abs.startsWith(base) ? base.relativize(abs).toString() : file.toString());
    }

    /** Parses {@code file}, named {@code shown} in diagnostics and as the workflow's path. */
    static ParseResult<Workflow> parseAs(Path file, String shown) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            return WorkflowParser.parse(shown, Files.readString(abs));
        } catch (MalformedInputException e) {
            return failed(shown, "the file is not valid UTF-8");
        } catch (IOException e) {
            return failed(shown, "cannot read the file: " + e.getMessage());
        }
    }

    /**
     * The diagnostics of the action metadata file {@code file} ({@code action.yml}), as the runtime reads it when a
     * step uses the action; paths relative to {@code root} when inside it.
     */
    static List<Diagnostic> actionDiagnostics(Path file, Path root) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        String shown = abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
        try {
            return ActionParser.parse(shown, Files.readString(abs)).diagnostics();
        } catch (MalformedInputException e) {
            return failed(shown, "the file is not valid UTF-8").diagnostics();
        } catch (IOException e) {
            return failed(shown, "cannot read the file: " + e.getMessage()).diagnostics();
        }
    }

    /** Whether {@code file} is named as an action's metadata file is ({@code action.yml} or {@code action.yaml}). */
    static boolean isActionFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals("action.yml") || name.equals("action.yaml");
    }

    private static ParseResult<Workflow> failed(String shown, String message) {
        return new ParseResult<>(Optional.empty(), List.of(Diagnostic.error(SourceSpan.ofFile(shown), message)));
    }
}
