package dev.slipway.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/** Streaming copies with large buffers: request bodies into files (hashing on the way) and files into responses. */
final class Streams {
    private Streams() {}

    /**
     * Appends {@code in} to {@code out} until end of stream, updating {@code hasher}; fails with {@code SIZE_INVALID}
     * (413) once more than {@code limit} bytes in total ({@code already} included) have arrived.
     */
    static long copy(InputStream in, FileChannel out, MessageDigest hasher, long already, long limit)
            throws IOException {
        byte[] buffer = Buffers.take();
        try {
            long total = 0;
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n <= 0) {
                    return total;
                }
                total += n;
                if (already + total > limit) {
                    throw new RegistryException(ErrorCode.TOO_LARGE, "blob exceeds the size limit of " + limit);
                }
                hasher.update(buffer, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                if (n < buffer.length) {
                    return total;
                }
            }
        } finally {
            Buffers.give(buffer);
        }
    }

    /** Sends {@code length} bytes of {@code in} from {@code position} to {@code out}. */
    static void send(FileChannel in, long position, long length, OutputStream out) throws IOException {
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
