package dev.slipway.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.jspecify.annotations.Nullable;

/** Streaming copies with large buffers: request bodies into files (hashing on the way) and files into responses. */
final class Streams {
    /** Bytes of a blob mapped at once when sending it; bounds the address space one download holds. */
    static final long MAP_SIZE = 64L << 20;

    private Streams() {}

    /**
     * Appends {@code in} to {@code out} until end of stream, updating {@code hasher}; fails with {@code SIZE_INVALID}
     * (413) once more than {@code limit} bytes in total ({@code already} included) have arrived. The calling thread
     * reads and hashes while another writes the previous megabyte, so disk writes overlap with the network.
     */
    static long copy(InputStream in, FileChannel out, MessageDigest hasher, long already, long limit)
            throws IOException {
        return copy(in, out, null, hasher, already, limit);
    }

    /**
     * As {@link #copy(InputStream, FileChannel, MessageDigest, long, long)}, writing through a direct channel on the
     * same file ({@code direct}, or {@code null} for none) once the file is large enough (see {@link
     * OverlappedWriter}) and while the position is a multiple of the target's alignment.
     */
    static long copy(
            InputStream in,
            FileChannel out,
            DirectWrites.@Nullable Target direct,
            MessageDigest hasher,
            long already,
            long limit)
            throws IOException {
        try (OverlappedWriter writer = new OverlappedWriter(out, direct)) {
            long total = 0;
            while (true) {
                byte[] buffer = writer.buffer();
                int n = in.readNBytes(buffer, 0, buffer.length);
                total += n;
                if (already + total > limit) {
                    throw new RegistryException(ErrorCode.TOO_LARGE, "blob exceeds the size limit of " + limit);
                }
                hasher.update(buffer, 0, n);
                writer.write(buffer, n);
                // readNBytes only returns less than asked for at the end of the stream
                if (n < buffer.length) {
                    writer.finish();
                    return total;
                }
            }
        }
    }

    /**
     * Sends {@code length} bytes of {@code in} from {@code position} to {@code out}. Jetty's output gets memory-mapped
     * regions, so the bytes go from the page cache to the socket without passing through a heap buffer; blobs are
     * never truncated (they are replaced by rename), so a mapping stays valid.
     */
    static void send(FileChannel in, long position, long length, OutputStream out) throws IOException {
        if (out instanceof HttpOutput jetty) {
            sendMapped(in, position, length, jetty::write, MAP_SIZE);
            return;
        }
        byte[] buffer = Buffers.take();
        try {
            long remaining = length;
            long pos = position;
            while (remaining > 0) {
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, remaining));
                int n = in.read(bb, pos);
                if (n < 0) {
                    throw new IOException("blob shorter than expected");
                }
                out.write(buffer, 0, n);
                pos += n;
                remaining -= n;
            }
        } finally {
            Buffers.give(buffer);
        }
    }

    /** Where mapped regions go; Jetty's {@code HttpOutput.write(ByteBuffer)} in production. */
    @FunctionalInterface
    interface BufferSink {
        void write(ByteBuffer buffer) throws IOException;
    }

    /** Sends {@code length} bytes of {@code in} from {@code position} as read-only mappings of at most {@code mapSize}. */
    static void sendMapped(FileChannel in, long position, long length, BufferSink out, long mapSize)
            throws IOException {
        if (position + length > in.size()) {
            throw new IOException("blob shorter than expected");
        }
        for (long done = 0; done < length; ) {
            long n = Math.min(mapSize, length - done);
            out.write(in.map(FileChannel.MapMode.READ_ONLY, position + done, n));
            done += n;
        }
    }

    /** Hashes a whole file, for uploads whose running hash was lost or uses another algorithm. */
    static Digest digestOf(FileChannel in, String algorithm) throws IOException {
        MessageDigest hasher = Digest.hasher(algorithm);
        byte[] buffer = Buffers.take();
        try {
            long pos = 0;
            while (true) {
                int n = in.read(ByteBuffer.wrap(buffer), pos);
                if (n < 0) {
                    return Digest.of(algorithm, hasher.digest());
                }
                hasher.update(buffer, 0, n);
                pos += n;
            }
        } finally {
            Buffers.give(buffer);
        }
    }
}
