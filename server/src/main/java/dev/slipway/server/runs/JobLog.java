package dev.slipway.server.runs;

import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one job, {@code <logsDir>/<runId>/<jobId>.log}, written as GitHub's raw logs look: a header per step,
 * workflow-command lines as {@code ##[group]}, {@code ##[error]}, ... Lines arrive masked from the runtime.
 *
 * <p>Lines are flushed to the file at most {@link #FLUSH_MILLIS} after they were written (by the next write or by
 * a shared flusher thread), not one by one: a job printing a million lines would otherwise make a million {@code
 * write} calls. A crash loses at most the last {@link #FLUSH_MILLIS} of output; readers of the file see lines that
 * late at most.
 */
final class JobLog implements AutoCloseable {
    static final long FLUSH_MILLIS = 20;
    private static final int BUFFER = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JobLog.class);
    private static final Set<JobLog> OPEN = ConcurrentHashMap.newKeySet();
    private static final Thread FLUSHER =
            Thread.ofPlatform().daemon().name("slipway-job-log-flusher").unstarted(JobLog::flushLoop);

    static {
        FLUSHER.start();
    }

    private final BufferedWriter out;
    private long lastFlush = System.nanoTime();
    private boolean dirty;
    private boolean closed;

    private JobLog(BufferedWriter out) {
        this.out = out;
        OPEN.add(this);
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
            var stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // 64 KiB on both sides of the encoder: with the default 8 KiB a step printing 100 MB made 12,800 writes.
            return new JobLog(new BufferedWriter(
                    new OutputStreamWriter(new BufferedOutputStream(stream, BUFFER), StandardCharsets.UTF_8), BUFFER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the job log " + file, e);
        }
    }

    synchronized void step(StepRef step) {
        write("##[step] " + step.name());
    }

    synchronized void line(LogLine line) {
        var prefix = prefix(line.kind());
        write(prefix.isEmpty() ? line.text() : prefix + line.text());
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
            dirty = true;
            if (System.nanoTime() - lastFlush > FLUSH_MILLIS * 1_000_000) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a job log", e);
        }
    }

    private void flush() throws IOException {
        out.flush();
        dirty = false;
        lastFlush = System.nanoTime();
    }

    private synchronized void flushIfDirty() {
        if (dirty && !closed) {
            try {
                flush();
            } catch (IOException e) {
                LOG.warn("cannot flush a job log: {}", e.getMessage());
                dirty = false;
            }
        }
    }

    private static void flushLoop() {
        while (true) {
            try {
                Thread.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            OPEN.forEach(JobLog::flushIfDirty);
        }
    }

    @Override
    public synchronized void close() {
        OPEN.remove(this);
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a job log", e);
        }
    }
}
