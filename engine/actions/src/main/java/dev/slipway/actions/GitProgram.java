package dev.slipway.actions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the {@code git} program, where JGit falls short: reading {@code /dev/null}, its output to a file (so a git that
 * never ends is stopped after {@link #SECONDS} instead of blocking a reader), stderr discarded or joined to it.
 */
final class GitProgram {
    static final int SECONDS = 60;

    private GitProgram() {}

    /** How a run of git ended. */
    sealed interface Outcome {
        /** It ended with {@code exit}, having printed {@code output}. */
        record Ran(int exit, String output) implements Outcome {}

        /** There is no {@code git} program to start. */
        record NoGit() implements Outcome {}

        /** It ran longer than {@link #SECONDS} and was killed. */
        record TimedOut() implements Outcome {}
    }

    /**
     * {@code git ARGS} in directory {@code dir}, its environment changed by {@code env}; {@code withErrors} joins
     * stderr to the output, else stderr is discarded.
     */
    static Outcome run(Path dir, Consumer<Map<String, String>> env, boolean withErrors, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("slipway-git", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (withErrors) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            env.accept(pb.environment());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Outcome.NoGit();
            }
            try {
                if (!p.waitFor(SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Outcome.TimedOut();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running git " + String.join(" ", args), e);
            }
            return new Outcome.Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
