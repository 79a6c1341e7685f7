package dev.slipway.executor.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a fake step does: print lines, append text to files named by environment variables (e.g. {@code
 * GITHUB_OUTPUT}), then exit with a code, hang until destroyed, or fail to start. Immutable; every method returns a
 * new script.
 *
 * <pre>{@code
 * Script.lines("compiling", "ok").appendEnvFile("GITHUB_OUTPUT", "version=1.2\n").thenExit(3)
 * Script.hang()
 * Script.startFailure("pwsh: command not found")
 * }</pre>
 *
 * @param lines the output lines, in order
 * @param fileWrites appends done when the step starts, in order
 * @param end how the step ends
 */
public record Script(List<String> lines, List<FileWrite> fileWrites, End end) {
    public Script {
        lines = List.copyOf(lines);
        fileWrites = List.copyOf(fileWrites);
    }

    /**
     * Text appended to the file whose path is in environment variable {@code envVar} of the step.
     *
     * @param envVar the variable naming the file, e.g. {@code GITHUB_OUTPUT}
     * @param text appended as is (UTF-8); include the newline
     */
    public record FileWrite(String envVar, String text) {}

    /** How a fake step ends. */
    public sealed interface End {
        /** The step exits with this code once its output was read. */
        record Exit(int code) implements End {}

        /** The step runs until {@code destroyStep} or {@code destroyJob}; then it ends killed with code 143. */
        record Hang() implements End {}

        /** {@code startStep} throws an {@code ExecutorException} with this message. */
        record StartFailure(String message) implements End {}
    }

    /** Exits with {@code code} without output. */
    public static Script exit(int code) {
        return new Script(List.of(), List.of(), new End.Exit(code));
    }

    /** Prints {@code lines} and exits with 0 (change it with {@link #thenExit}). */
    public static Script lines(String... lines) {
        return new Script(List.of(lines), List.of(), new End.Exit(0));
    }

    /** Runs until destroyed. */
    public static Script hang() {
        return new Script(List.of(), List.of(), new End.Hang());
    }

    /** Fails in {@code startStep} with {@code message}, like a missing shell. */
    public static Script startFailure(String message) {
        return new Script(List.of(), List.of(), new End.StartFailure(message));
    }

    /** This script, then more output lines. */
    public Script thenLines(String... more) {
        List<String> all = new ArrayList<>(lines);
        all.addAll(List.of(more));
        return new Script(all, fileWrites, end);
    }

    /** This script ending with exit code {@code code}. */
    public Script thenExit(int code) {
        return new Script(lines, fileWrites, new End.Exit(code));
    }

    /** This script's output, then running until destroyed. */
    public Script thenHang() {
        return new Script(lines, fileWrites, new End.Hang());
    }

    /** This script, also appending {@code text} to the file named by {@code envVar} when it starts. */
    public Script appendEnvFile(String envVar, String text) {
        List<FileWrite> all = new ArrayList<>(fileWrites);
        all.add(new FileWrite(envVar, text));
        return new Script(lines, all, end);
    }

    /** The exit code, when this script exits by itself. */
    public Optional<Integer> exitCode() {
        return end instanceof End.Exit(int code) ? Optional.of(code) : Optional.empty();
    }
}
