package dev.slipway.runtime.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into UTF-8 lines on {@code \n}, dropping a trailing {@code \r}, for executors turning a
 * process's output into {@link LogSink} lines. A line longer than the maximum is delivered in pieces, cut at a
 * character boundary, so memory stays bounded; malformed bytes become U+FFFD.
 *
 * <p>Not thread-safe: one splitter per stream, fed from one thread. Lines are handed to the consumer on the feeding
 * thread, without the terminator.
 */
public final class LineSplitter {
    /** The longest piece of a line delivered at once by default, in bytes (1 MiB). */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private static final int INITIAL_CAPACITY = 8192;

    private final Consumer<String> out;
    private final int maxLineBytes;
    /** Only for a line that spans two reads; most lines are decoded in place, so it is made at the first such line. */
    private byte[] buf = new byte[0];

    private int len;

    /**
     * A splitter delivering lines, or pieces of at most {@code maxLineBytes} bytes, to {@code out}.
     *
     * @throws IllegalArgumentException when {@code maxLineBytes} cannot hold one UTF-8 character (less than 4)
     */
    public LineSplitter(Consumer<String> out, int maxLineBytes) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must hold one UTF-8 character: " + maxLineBytes);
        }
        this.out = out;
        this.maxLineBytes = maxLineBytes;
    }

    /** A splitter cutting lines at {@link #DEFAULT_MAX_LINE_BYTES}. */
    public LineSplitter(Consumer<String> out) {
        this(out, DEFAULT_MAX_LINE_BYTES);
    }

    /** Feeds {@code n} bytes of {@code bytes} starting at {@code off}; delivers every line they complete. */
    public void feed(byte[] bytes, int off, int n) {
        int start = off;
        int end = off + n;
        for (int i = off; i < end; i++) {
            if (bytes[i] == '\n') {
                if (len == 0 && i - start <= maxLineBytes) {
                    // The whole line is in this chunk: decode it in place, without copying it to the buffer.
                    int stop = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                    out.accept(new String(bytes, start, stop - start, StandardCharsets.UTF_8));
                } else {
                    append(bytes, start, i - start);
                    emitLine();
                }
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Delivers a final line that had no newline; call once at the end of the stream. */
    public void finish() {
        if (len > 0) {
            emitLine();
        }
    }

    private void append(byte[] bytes, int off, int n) {
        int from = off;
        int remaining = n;
        while (remaining > 0) {
            if (len == maxLineBytes) {
                emitPiece();
            }
            int chunk = Math.min(remaining, maxLineBytes - len);
            ensureCapacity(len + chunk);
            System.arraycopy(bytes, from, buf, len, chunk);
            len += chunk;
            from += chunk;
            remaining -= chunk;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            int grown = Math.min(maxLineBytes, Math.max(needed, Math.max(INITIAL_CAPACITY, buf.length * 2)));
            buf = Arrays.copyOf(buf, grown);
        }
    }

    private void emitLine() {
        int end = len;
        if (end > 0 && buf[end - 1] == '\r') {
            end--;
        }
        out.accept(new String(buf, 0, end, StandardCharsets.UTF_8));
        len = 0;
        if (buf.length > 16 * INITIAL_CAPACITY) {
            buf = new byte[INITIAL_CAPACITY];
        }
    }

    /** Emits the buffer up to the last complete character; keeps the (at most 3) bytes of a cut character. */
    private void emitPiece() {
        int cut = characterBoundary();
        out.accept(new String(buf, 0, cut, StandardCharsets.UTF_8));
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
    }

    private int characterBoundary() {
        int lead = len - 1;
        while (lead > 0 && lead > len - 4 && (buf[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = buf[lead] & 0xFF;
        int width = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
        return lead > 0 && lead + width > len ? lead : len;
    }
}
