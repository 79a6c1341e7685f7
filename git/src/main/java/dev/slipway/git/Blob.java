package dev.slipway.git;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A file's content read with a size limit: {@code bytes} holds at most the limit, {@code truncated} says whether the
 * file is longer, {@code binary} whether it looks binary (a NUL byte in its first 8,000 bytes, as git decides).
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out
public record Blob(String path, String sha, long size, boolean binary, boolean truncated, byte[] bytes) {
    /** Copies the bytes. */
    public Blob {
        bytes = bytes.clone();
    }

    /** A copy of the (possibly truncated) content. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The content as UTF-8 text, empty for binary files. */
    public Optional<String> text() {
        return binary ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b
                && path.equals(b.path)
                && sha.equals(b.sha)
                && size == b.size
                && binary == b.binary
                && truncated == b.truncated
                && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return sha.hashCode() * 31 + path.hashCode();
    }

    @Override
    public String toString() {
        return "Blob[" + path + " " + sha + " " + size + " bytes" + (binary ? ", binary" : "") + "]";
    }
}
