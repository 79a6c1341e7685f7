package dev.slipway.server.api;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Follows a job's log file as an {@link EventStream.Source}: each complete line (a line is complete once its newline
 * is written; the writer flushes line by line) goes through the renderer and out with its 1-based line number as
 * event id, lines up to {@code after} only through the renderer (so a resumed stream renders as the first did). The
 * stream ends with an {@code end} event once the job is done and the file read to its end: the job's log is closed
 * before its completion is recorded, so nothing is written after that.
 */
public final class LogTail implements EventStream.Source {
    /** What one raw line becomes on the wire. */
    public record Event(String name, String data) {}

    /** Turns raw log lines into events, in order; may keep state between lines. */
    @FunctionalInterface
    public interface Renderer {
        List<Event> render(String rawLine);
    }

    private final Supplier<Optional<Path>> file;
    private final BooleanSupplier finished;
    private final Supplier<String> conclusion;
    private final Renderer renderer;
    private final long after;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;
    private long line;

    /**
     * @param file the log, once it exists
     * @param finished whether the job has completed
     * @param conclusion the job's conclusion, sent as the {@code end} event's data
     * @param after the last line number the client has
     */
    public LogTail(
            Supplier<Optional<Path>> file,
            BooleanSupplier finished,
            Supplier<String> conclusion,
            Renderer renderer,
            long after) {
        this.file = file;
        this.finished = finished;
        this.conclusion = conclusion;
        this.renderer = renderer;
        this.after = after;
    }

    /** Follows the log of job {@code jobId}. */
    public static LogTail of(Database db, RunControl runs, long jobId, Renderer renderer, long after) {
        return new LogTail(
                () -> runs.logFile(jobId),
                () -> db.jobs()
                        .find(jobId)
                        .map(j -> j.status() == JobStatus.COMPLETED)
                        .orElse(true),
                () -> db.jobs()
                        .find(jobId)
                        .flatMap(j -> j.conclusion())
                        .map(Views::code)
                        .orElse("unknown"),
                renderer,
                after);
    }

    /** Raw lines as {@code line} events. */
    public static Renderer raw() {
        return text -> List.of(new Event("line", text));
    }

    @Override
    public boolean poll(EventStream stream) throws IOException {
        boolean done = finished.getAsBoolean(); // before reading: once done, the file is complete
        var path = file.get();
        if (path.isPresent()) {
            read(path.get(), stream);
        }
        if (done) {
            stream.send("end", conclusion.get(), Optional.empty());
        }
        return done;
    }

    private void read(Path path, EventStream stream) throws IOException {
        try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
            var buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer, offset) > 0) {
                buffer.flip();
                offset += buffer.remaining();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        emit(partial.toString(StandardCharsets.UTF_8), stream);
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
                buffer.clear();
            }
        }
    }

    private void emit(String text, EventStream stream) throws IOException {
        line++;
        var events = renderer.render(text);
        if (line > after) {
            for (var e : events) {
                stream.send(e.name(), e.data(), Optional.of(line));
            }
        }
    }
}
