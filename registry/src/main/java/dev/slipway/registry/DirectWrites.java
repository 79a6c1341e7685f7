package dev.slipway.registry;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Writes of blob bytes that bypass the page cache ({@code O_DIRECT}) in one directory, where its file system allows
 * them. A blob is written once and forced before it is acknowledged; through the page cache that means copying every
 * byte into freshly allocated cache pages and then writing them back. Direct writes go from one reused buffer to the
 * device, and the force at commit finds nothing left to write back. On a virtual machine that hands freed memory back
 * to its host, fresh cache pages are the expensive part: each is faulted in again on first touch (a 200 MB upload
 * spent 0.5 s of system time there, against 0.1 s when the pages were warm).
 *
 * <p>The price is paid on the next read: a direct write leaves nothing in the page cache, so the first download of
 * those bytes comes from the disk. {@link OverlappedWriter} therefore writes only what lies beyond {@link
 * OverlappedWriter#DIRECT_FROM} directly: small blobs (most layers, every config and manifest) stay cached for the
 * pull that often follows a push.
 *
 * <p>Direct writes need the buffer address, the length and the file position aligned to the file system's block
 * size; {@link OverlappedWriter} writes the aligned part of each buffer directly and the rest (only ever the end of
 * the body) through the ordinary channel. A directory whose file system refuses {@code O_DIRECT} (tmpfs on older
 * kernels, some network file systems) gets ordinary writes only.
 */
final class DirectWrites {
    /** Largest alignment served; block sizes above this (none seen on Linux) fall back to ordinary writes. */
    static final int MAX_ALIGNMENT = 64 << 10;
    /** Set to {@code false} to write every blob through the page cache (for comparison). */
    static final String PROPERTY = "slipway.registry.directWrites";

    private static final ArrayBlockingQueue<ByteBuffer> STAGING = new ArrayBlockingQueue<>(8);

    private final Path dir;
    private final boolean enabled;
    // 0 until the first open probes the file system, -1 when it refuses direct writes, else the block size
    private volatile int alignment;

    /** Direct writes of files in {@code dir}; its file system is probed on first use, not here (server start-up). */
    DirectWrites(Path dir) {
        this.dir = dir;
        this.enabled = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /** Opens the file a blob is written to a second time, with {@code O_DIRECT}. */
    @FunctionalInterface
    interface Opener {
        FileChannel open() throws IOException;
    }

    /**
     * The direct writes of one file: the block size they are aligned to and how to open the file for them, which the
     * writer does only once it reaches {@link OverlappedWriter#DIRECT_FROM} (most blobs never do).
     */
    record Target(int alignment, Opener opener) {}

    /**
     * Direct writes to {@code file} (in the directory), or {@code null} when the file system refuses them or they are
     * switched off.
     */
    @Nullable
    Target target(Path file) {
        int align = alignment();
        if (align <= 0) {
            return null;
        }
        return new Target(align, () -> FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT));
    }

    /** Block size that buffers, lengths and positions of direct writes are aligned to; -1 when there are none. */
    int alignment() {
        int align = alignment;
        if (align == 0) {
            align = enabled ? probe(dir) : -1;
            alignment = align;
        }
        return align;
    }

    /** Writes one block to a new file in {@code dir} with {@code O_DIRECT}; its block size, or -1 when refused. */
    private static int probe(Path dir) {
        try {
            long blockSize = Files.getFileStore(dir).getBlockSize();
            if (blockSize <= 0 || blockSize > MAX_ALIGNMENT || Long.bitCount(blockSize) != 1) {
                return -1;
            }
            Path probe = Files.createTempFile(dir, "direct-", ".probe");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
                ByteBuffer block = staging().limit((int) blockSize);
                try {
                    channel.write(block, 0);
                } finally {
                    giveStaging(block);
                }
            } finally {
                Files.deleteIfExists(probe);
            }
            return (int) blockSize;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * A pooled direct buffer of {@link Buffers#SIZE} bytes aligned to {@link #MAX_ALIGNMENT}, so to every alignment
     * served; cleared.
     */
    static ByteBuffer staging() {
        ByteBuffer buffer = STAGING.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(Buffers.SIZE + MAX_ALIGNMENT)
                    .alignedSlice(MAX_ALIGNMENT)
                    .limit(Buffers.SIZE)
                    .slice();
        }
        return buffer.clear();
    }

    static void giveStaging(ByteBuffer buffer) {
        STAGING.offer(buffer);
    }
}
