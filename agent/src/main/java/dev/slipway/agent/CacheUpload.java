package dev.slipway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One reserved cache entry being uploaded: chunks arrive in any order, possibly at once ({@code @actions/cache} sends
 * four at a time), each written at its offset into a temporary file; the commit checks that they cover the whole
 * archive before the store takes it.
 */
final class CacheUpload implements AutoCloseable {
    final String key;
    final String version;
    private final Path file;
    private final FileChannel channel;
    private final List<long[]> ranges = new ArrayList<>();

    CacheUpload(String key, String version, Path dir) throws IOException {
        this.key = key;
        this.version = version;
        Files.createDirectories(dir);
        this.file = Files.createTempFile(dir, "upload-", ".archive");
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /**
     * Writes the chunk of bytes {@code start} to {@code end} (inclusive) from {@code body}.
     *
     * @throws IllegalArgumentException when the body is not that long
     */
    void write(long start, long end, InputStream body) throws IOException {
        long expected = end - start + 1;
        long position = start;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (position + n > end + 1) {
                throw new IllegalArgumentException(
                        "the chunk is longer than its Content-Range (" + expected + " bytes)");
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
        }
        if (position != end + 1) {
            throw new IllegalArgumentException(
                    "the chunk has " + (position - start) + " bytes, its Content-Range says " + expected);
        }
        synchronized (ranges) {
            ranges.add(new long[] {start, end});
        }
    }

    /**
     * The archive, once the chunks cover bytes 0 to {@code size - 1} exactly.
     *
     * @throws IllegalArgumentException naming what is missing otherwise
     */
    Path complete(long size) throws IOException {
        long covered = 0;
        synchronized (ranges) {
            List<long[]> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingLong(r -> r[0]));
            for (long[] range : sorted) {
                if (range[0] > covered) {
                    break;
                }
                covered = Math.max(covered, range[1] + 1);
            }
        }
        long length = channel.size();
        if (covered != size || length != size) {
            throw new IllegalArgumentException("the chunks sent cover the first " + covered + " of the " + size
                    + " bytes the commit names" + (length > size ? " and go past them" : ""));
        }
        channel.force(false);
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
