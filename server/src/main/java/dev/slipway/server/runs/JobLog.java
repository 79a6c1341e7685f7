package dev.slipway.server.runs;

import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The log of one job, {@code <logsDir>/<runId>/<jobId>.log}, written as GitHub's raw logs look: a header per step,
 * workflow-command lines as {@code ##[group]}, {@code ##[error]}, ... Each line is flushed when written, so a crash
 * keeps everything logged before it. Lines arrive masked from the runtime.
 */
final class JobLog implements AutoCloseable {
    private final BufferedWriter out;

    private JobLog(BufferedWriter out) {
        this.out = out;
    }

    /** Where the log of a job is. */
    static Path path(Path logsDir, long runId, long jobId) {
        return logsDir.resolve(Long.toString(runId)).resolve(jobId + ".log");
    }

    /** Opens a job's log for appending (a job that started twice keeps both attempts). */
    static JobLog open(Path logsDir, long runId, long jobId) {
        var file = path(logsDir, runId, jobId);
        try {
            Files.createDirectories(file.getParent());
            return new JobLog(Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the job log " + file, e);
        }
    }

    synchronized void step(StepRef step) {
        write("##[step] " + step.name());
    }

    synchronized void line(LogLine line) {
        write(prefix(line.kind()) + line.text());
    }

    synchronized void error(String message) {
        message.lines().forEach(l -> write("##[error]" + l));
    }

    private static String prefix(LogLine.Kind kind) {
        return switch (kind) {
            case OUTPUT -> "";
            case COMMAND -> "[command]";
            case GROUP_START -> "##[group]";
            case GROUP_END -> "##[endgroup]";
            case ERROR -> "##[error]";
            case WARNING -> "##[warning]";
            case NOTICE -> "##[notice]";
            case DEBUG -> "##[debug]";
        };
    }

    private void write(String text) {
        try {
            out.write(text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a job log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a job log", e);
        }
    }
}
