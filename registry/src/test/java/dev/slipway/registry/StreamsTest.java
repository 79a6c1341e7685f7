package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlapped copy of request bodies into files, and the mapped send of files into responses. */
class StreamsTest {
    private static final int MB = Buffers.SIZE;

    @TempDir
    Path tmp;

    /** Hands out at most {@code chunk} bytes per read, as a network stream does. */
    private static InputStream trickle(byte[] content, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void copyWritesAndHashesEveryByteAcrossSizesAndChunkSizes() throws Exception {
        byte[] prefix = random(1000, 1);
        for (int size : List.of(0, 1, 4097, MB - 1, MB, MB + 1, 3 * MB + 17)) {
            byte[] content = random(size, size);
            for (int chunk : List.of(7, 8192, 65_536, MB, 2 * MB)) {
                Path file = Files.write(tmp.resolve(size + "-" + chunk), prefix);
                MessageDigest hasher = MessageDigest.getInstance("SHA-256");
                long written;
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    written = Streams.copy(trickle(content, chunk), out, hasher, prefix.length, Long.MAX_VALUE);
                }
                String where = "size " + size + ", chunk " + chunk;
                assertThat(written).as(where).isEqualTo(size);
                assertThat(HexFormat.of().formatHex(hasher.digest()))
                        .as(where)
                        .isEqualTo(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                assertThat(Files.readAllBytes(file)).as(where).isEqualTo(concat(prefix, content));
            }
        }
    }

    @Test
    void aDirectCopyWritesEveryByteWhereverItStartsAndEnds() throws Exception {
        DirectWrites direct = new DirectWrites(tmp);
        assumeTrue(direct.alignment() > 0, "the file system of " + tmp + " refuses O_DIRECT");
        int block = direct.alignment();
        int from = (int) OverlappedWriter.DIRECT_FROM;
        List<Integer> small = List.of(0, 1, block - 1, block, block + 1, MB - 1, MB, MB + 1, 3 * MB + 17);
        List<Integer> large = List.of(from + 2 * MB + 17);
        // {bytes already in the file, sizes of what is appended}: crossing the threshold on the block grid, starting
        // at it, starting past it off the grid, crossing it off the grid
        for (List<Object> c : List.<List<Object>>of(
                List.of(0, large), List.of(from, small), List.of(from + 1000, small), List.of(1000, large))) {
            int prefixSize = (Integer) c.get(0);
            @SuppressWarnings("unchecked")
            List<Integer> sizes = (List<Integer>) c.get(1);
            for (int size : sizes) {
                byte[] content = random(size, size + 7L);
                for (int chunk : List.of(8192, MB)) {
                    String where = "prefix " + prefixSize + ", size " + size + ", chunk " + chunk;
                    Path file = tmp.resolve(prefixSize + "-" + size + "-" + chunk);
                    // the bytes already there are zeros: a sparse file of that length
                    try (FileChannel f =
                            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        f.truncate(0);
                        if (prefixSize > 0) {
                            f.write(ByteBuffer.allocate(1), prefixSize - 1);
                        }
                    }
                    // an upload's later chunk appends; a single-request upload writes a new file from its start
                    StandardOpenOption[] mode = prefixSize == 0
                            ? new StandardOpenOption[] {StandardOpenOption.WRITE}
                            : new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND};
                    MessageDigest hasher = MessageDigest.getInstance("SHA-256");
                    try (FileChannel out = FileChannel.open(file, mode)) {
                        DirectWrites.Target target = direct.target(file);
                        assertThat(target).as(where).isNotNull();
                        assertThat(Streams.copy(
                                        trickle(content, chunk), out, target, hasher, prefixSize, Long.MAX_VALUE))
                                .as(where)
                                .isEqualTo(size);
                    }
                    assertThat(hasher.digest())
                            .as(where)
                            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
                    assertThat(Files.size(file)).as(where).isEqualTo((long) prefixSize + size);
                    try (FileChannel in = FileChannel.open(file)) {
                        ByteBuffer written = ByteBuffer.allocate(size);
                        while (written.hasRemaining() && in.read(written, prefixSize + written.position()) > 0) {
                            // reads until full
                        }
                        assertThat(written.array()).as(where).isEqualTo(content);
                        ByteBuffer before = ByteBuffer.allocate(Math.min(prefixSize, 2 * block));
                        in.read(before, prefixSize - before.capacity());
                        assertThat(before.array()).as(where).isEqualTo(new byte[before.capacity()]);
                    }
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void aFailingDirectChannelHandsTheRestToOrdinaryWritesAndLosesNothing() throws Exception {
        DirectWrites direct = new DirectWrites(tmp);
        assumeTrue(direct.alignment() > 0, "the file system of " + tmp + " refuses O_DIRECT");
        byte[] content = random((int) OverlappedWriter.DIRECT_FROM + 2 * MB + 17, 21);
        Path file = tmp.resolve("refused");
        Map<String, DirectWrites.Opener> failures = Map.of(
                // every direct write fails (ClosedChannelException), as one a file system refuses would
                "writes fail",
                () -> {
                    FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
                    closed.close();
                    return closed;
                },
                "open fails",
                () -> {
                    throw new IOException("refused");
                });
        for (Map.Entry<String, DirectWrites.Opener> failure : failures.entrySet()) {
            Files.deleteIfExists(file);
            Files.createFile(file);
            MessageDigest hasher = MessageDigest.getInstance("SHA-256");
            DirectWrites.Target failing = new DirectWrites.Target(direct.alignment(), failure.getValue());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                assertThat(Streams.copy(trickle(content, MB), out, failing, hasher, 0, Long.MAX_VALUE))
                        .as(failure.getKey())
                        .isEqualTo(content.length);
            }
            assertThat(hasher.digest())
                    .as(failure.getKey())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
            assertThat(Files.readAllBytes(file)).as(failure.getKey()).isEqualTo(content);
        }
    }

    @Test
    void aCopyOverSeveralForceStepsWritesEveryByteAndEndsWithItsForces() throws Exception {
        byte[] content = random((int) (2 * OverlappedWriter.FORCE_STEP + MB / 2), 5);
        Path file = tmp.resolve("large");
        MessageDigest hasher = MessageDigest.getInstance("SHA-256");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(Streams.copy(trickle(content, 65_536), out, hasher, 0, Long.MAX_VALUE))
                    .isEqualTo(content.length);
        }
        // the channel closed cleanly: no early force was still running on it
        assertThat(hasher.digest())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void copyStopsAtTheSizeLimitCountingWhatIsAlreadyThere() throws Exception {
        byte[] content = random(2 * MB + 5, 2);
        try (FileChannel out =
                FileChannel.open(tmp.resolve("exact"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long limit = 10 + content.length;
            assertThat(Streams.copy(trickle(content, 8192), out, Digest.hasher("sha256"), 10, limit))
                    .isEqualTo(content.length);
        }
        try (FileChannel out =
                FileChannel.open(tmp.resolve("over"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long limit = 10 + content.length - 1;
            assertThatThrownBy(() -> Streams.copy(trickle(content, 8192), out, Digest.hasher("sha256"), 10, limit))
                    .isInstanceOfSatisfying(
                            RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        }
    }

    @Test
    void aFailedWriteFailsTheCopy() throws Exception {
        Path file = Files.createFile(tmp.resolve("readonly"));
        try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] content = random(5 * MB, 3);
            assertThatThrownBy(() ->
                            Streams.copy(trickle(content, MB), readOnly, Digest.hasher("sha256"), 0, Long.MAX_VALUE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("writing the blob failed");
        }
    }

    @Test
    void aFailedReadFailsTheCopyAndStopsTheWriter() throws Exception {
        byte[] content = random(4 * MB, 4);
        InputStream failing = new FilterInputStream(trickle(content, 65_536)) {
            private long seen;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (seen > 2L * MB) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, len);
                seen += Math.max(n, 0);
                return n;
            }
        };
        Path file = tmp.resolve("partial");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> Streams.copy(failing, out, Digest.hasher("sha256"), 0, Long.MAX_VALUE))
                    .isInstanceOf(IOException.class)
                    .hasMessage("connection reset");
            // only whole megabytes read before the failure were handed to the writer
            assertThat(out.size()).isLessThanOrEqualTo(2L * MB);
        }
    }

    @Test
    void sendMappedDeliversEveryRangeAcrossMappings() throws Exception {
        byte[] content = random(10_000, 5);
        Path file = Files.write(tmp.resolve("blob"), content);
        try (FileChannel in = FileChannel.open(file)) {
            for (long mapSize : List.of(1L, 999L, 1000L, 4096L, 1L << 20)) {
                for (int[] range : new int[][] {{0, 10_000}, {0, 0}, {1, 9_999}, {2_500, 5_001}, {9_999, 1}}) {
                    ByteArrayOutputStream sink = new ByteArrayOutputStream();
                    Streams.sendMapped(
                            in,
                            range[0],
                            range[1],
                            buffer -> {
                                byte[] bytes = new byte[buffer.remaining()];
                                buffer.get(bytes);
                                sink.write(bytes);
                            },
                            mapSize);
                    assertThat(sink.toByteArray())
                            .as("map size " + mapSize + ", range " + Arrays.toString(range))
                            .isEqualTo(Arrays.copyOfRange(content, range[0], range[0] + range[1]));
                }
            }
            assertThatThrownBy(() -> Streams.sendMapped(in, 5_000, 5_001, ByteBuffer::get, 1 << 20))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void largeBlobsRoundTripThroughTheServer() throws Exception {
        byte[] content = random(3 * MB + 17, 6);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (RegistryServer server = RegistryServer.start(tmp.resolve("registry"), 0)) {
            Http http = new Http(server.port());
            HttpResponse<byte[]> put = http.send("POST", "/v2/big/app/blobs/uploads/?digest=" + digest, content);
            assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
            HttpResponse<byte[]> whole = http.get("/v2/big/app/blobs/" + digest);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content);
            HttpResponse<byte[]> part = http.get("/v2/big/app/blobs/" + digest, "Range", "bytes=1048570-2097160");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 1_048_570, 2_097_161));
        }
    }
}
