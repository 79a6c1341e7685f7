package dev.slipway.registry;

import dev.slipway.common.Threads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Writes buffers to a file on a second (virtual) thread, so the producer can fill and hash the next buffer meanwhile.
 * A bounded hand-off: {@link #DEPTH} pooled buffers circulate between the producer ({@link #buffer}, {@link #write})
 * and the writer, so at most that many megabytes are in flight. Not thread-safe: one producer thread.
 *
 * <p>Every {@link #FORCE_STEP} bytes the writer starts forcing what it has written so far on a third thread, without
 * waiting for it: the disk writes a large blob back while the rest of it arrives, so the force that makes the blob
 * durable when it is committed ({@link Disk#install}) finds little left to write. These early forces are only a head
 * start; their failures are ignored (the commit's force reports them).
 *
 * <p>With a direct channel (see {@link DirectWrites}), bytes from {@link #DIRECT_FROM} on in the file are written
 * directly: the writer copies the aligned part of each buffer into a pooled aligned buffer and writes it through that
 * channel, bypassing the page cache. The first {@link #DIRECT_FROM} bytes go through the page cache, so small blobs
 * (most layers, every config) are still in memory when they are pulled right after the push; a direct write leaves
 * nothing cached and the next read comes from the disk. A buffer's unaligned rest, which only the end of the body has,
 * goes through {@code out}, and so does everything after it; so does a buffer whose direct write failed, and the rest
 * of the body after it.
 *
 * <p>{@link #finish} waits for every write and reports a write failure; {@link #close} without {@code finish} (the
 * producer failed) discards what is queued. Either way the writer thread and any early force have ended and the
 * buffers are back in the pool when they return.
 */
final class OverlappedWriter implements AutoCloseable {
    static final int DEPTH = 3;
    static final long FORCE_STEP = 16L << 20;
    /** Position in the file from which a direct channel is used. */
    static final long DIRECT_FROM = 16L << 20;

    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] buffer, int length) {}

    private final FileChannel out;
    // where direct writes go until one ends mid-block or fails, the channel opened for them and its staging buffer;
    // touched by the writer thread only (and by end() after it has ended)
    private DirectWrites.@Nullable Target direct;
    private @Nullable FileChannel directly;
    private @Nullable ByteBuffer staging;
    private long position;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Thread writer;
    // written by the writer thread only, read after it has ended
    private long written;
    private long forceStartedAt;
    private @Nullable Thread forcing;
    private volatile boolean discard;
    private volatile IOException failure;
    private boolean ended;

    OverlappedWriter(FileChannel out) throws IOException {
        this(out, null);
    }

    /**
     * Writes to {@code out}, from its position on, and from {@link #DIRECT_FROM} on through a channel {@code direct}
     * opens (with {@code O_DIRECT}, on the same file; {@code null} for none) while the position is a multiple of its
     * alignment.
     */
    OverlappedWriter(FileChannel out, DirectWrites.@Nullable Target direct) throws IOException {
        this.out = out;
        this.position = out.position();
        this.direct = direct;
        for (int i = 0; i < DEPTH; i++) {
            free.add(Buffers.take());
        }
        this.writer = Thread.ofVirtual().name("blob-writer").start(this::drain);
    }

    /** A free buffer to fill; waits while all of them are queued for writing. */
    byte[] buffer() throws IOException {
        throwIfFailed();
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the blob writer");
        }
    }

    /** Queues the first {@code length} bytes of {@code buffer} (from {@link #buffer}) for writing, in order. */
    void write(byte[] buffer, int length) throws IOException {
        throwIfFailed();
        full.add(new Chunk(buffer, length));
    }

    /** Waits until everything queued is written; throws the writer's failure, if any. */
    void finish() throws IOException {
        end();
        throwIfFailed();
    }

    @Override
    public void close() throws IOException {
        discard = true;
        end();
    }

    private void end() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        // never blocks: DEPTH buffers plus END fit in the queue
        full.add(END);
        boolean interrupted = Threads.joinUninterruptibly(writer);
        Thread force = forcing;
        if (force != null) {
            interrupted |= Threads.joinUninterruptibly(force);
        }
        free.forEach(Buffers::give);
        free.clear();
        ByteBuffer buffer = staging;
        if (buffer != null) {
            staging = null;
            DirectWrites.giveStaging(buffer);
        }
        FileChannel channel = directly;
        if (channel != null) {
            directly = null;
            try {
                channel.close();
            } catch (IOException e) {
                // it only wrote; what it wrote is forced and checked through out
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the blob writer");
        }
    }

    private void throwIfFailed() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing the blob failed: " + e.getMessage(), e);
        }
    }

    /** Starts an early force once {@link #FORCE_STEP} more bytes were written, unless one is still running. */
    private void startForce() {
        if (written - forceStartedAt < FORCE_STEP || (forcing != null && forcing.isAlive())) {
            return;
        }
        forceStartedAt = written;
        forcing = Thread.ofVirtual().name("blob-writeback").start(() -> {
            try {
                out.force(false);
            } catch (IOException e) {
                // only a head start: the force at commit reports what is wrong
            }
        });
    }

    private void drain() {
        while (true) {
            Chunk chunk;
            try {
                chunk = full.take();
            } catch (InterruptedException e) {
                // nobody interrupts this thread; keep the hand-off intact
                continue;
            }
            if (chunk == END) {
                return;
            }
            if (failure == null && !discard) {
                try {
                    writeOut(chunk);
                    written += chunk.length();
                    startForce();
                } catch (IOException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new IOException(e);
                }
            }
            free.add(chunk.buffer());
        }
    }

    private void writeOut(Chunk chunk) throws IOException {
        int offset = 0;
        DirectWrites.Target target = direct;
        if (target != null && position >= DIRECT_FROM) {
            int alignment = target.alignment();
            int aligned = position % alignment == 0 ? chunk.length() / alignment * alignment : 0;
            if (aligned > 0) {
                offset = writeDirectly(target, chunk, aligned);
            }
            if (offset < chunk.length()) {
                // the position leaves the block grid, or the direct channel failed: the rest goes through the page
                // cache, from where the last direct write ended
                direct = null;
                if (directly != null) {
                    out.position(position);
                }
            }
        }
        ByteBuffer bb = ByteBuffer.wrap(chunk.buffer(), offset, chunk.length() - offset);
        while (bb.hasRemaining()) {
            position += out.write(bb);
        }
    }

    /**
     * Writes the first {@code length} bytes of {@code chunk} through the direct channel, opening it first if this is
     * the first direct write; returns how many were written: all of them, or none when the channel could not be opened
     * or failed (a file system can refuse a direct write its probe allowed), in which case the caller writes them
     * through the page cache, over whatever part did arrive.
     */
    private int writeDirectly(DirectWrites.Target target, Chunk chunk, int length) {
        ByteBuffer aligned = staging;
        if (aligned == null) {
            aligned = DirectWrites.staging();
            staging = aligned;
        }
        aligned.clear().put(chunk.buffer(), 0, length).flip();
        long start = position;
        try {
            FileChannel channel = directly;
            if (channel == null) {
                channel = target.opener().open();
                directly = channel;
            }
            while (aligned.hasRemaining()) {
                position += channel.write(aligned, position);
            }
            return length;
        } catch (IOException | UnsupportedOperationException e) {
            position = start;
            return 0;
        }
    }
}
