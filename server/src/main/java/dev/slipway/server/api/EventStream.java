package dev.slipway.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A server-sent event stream ({@code text/event-stream}) answered on the request's own (virtual) thread: the source is
 * polled until it says the stream is complete, the client goes away, or {@link #MAX_OPEN} passes (the browser then
 * reconnects with {@code Last-Event-ID} and resumes). Comments keep idle connections open through proxies.
 */
public final class EventStream {
    /** How long one response stays open at most. */
    static final Duration MAX_OPEN = Duration.ofMinutes(30);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private final OutputStream out;
    private boolean wrote;

    private EventStream(OutputStream out) {
        this.out = out;
    }

    /** What a stream sends: called repeatedly until it returns true (all sent, close the stream). */
    @FunctionalInterface
    public interface Source {
        boolean poll(EventStream stream) throws IOException;
    }

    /** Answers {@code ctx} with the events of {@code source}; returns once the stream is complete or the client left. */
    public static void serve(Context ctx, Source source) {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        try {
            var out = res.getOutputStream();
            var stream = new EventStream(out);
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            var until = Instant.now().plus(MAX_OPEN);
            var quiet = Instant.now();
            while (Instant.now().isBefore(until)) {
                boolean done = source.poll(stream);
                if (stream.wrote) {
                    out.flush();
                    stream.wrote = false;
                    quiet = Instant.now();
                } else if (Instant.now().isAfter(quiet.plus(HEARTBEAT))) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quiet = Instant.now();
                }
                if (done) {
                    return;
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one event; {@code data} may span lines (each becomes a {@code data:} field, carriage returns are dropped).
     */
    public void send(String event, String data, Optional<Long> id) throws IOException {
        var text = new StringBuilder();
        id.ifPresent(i -> text.append("id: ").append(i).append('\n'));
        text.append("event: ").append(event).append('\n');
        for (var line : data.replace("\r", "").split("\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        text.append('\n');
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        wrote = true;
    }

    /** The id the client saw last: the {@code Last-Event-ID} header, else the {@code after} query parameter, else 0. */
    public static long lastEventId(Context ctx) {
        var text =
                Optional.ofNullable(ctx.header("Last-Event-ID")).or(() -> Optional.ofNullable(ctx.queryParam("after")));
        try {
            return text.map(String::strip)
                    .filter(t -> !t.isEmpty())
                    .map(Long::parseLong)
                    .orElse(0L);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("'Last-Event-ID' (or 'after') must be a line number, not '" + text.get() + "'");
        }
    }
}
