package dev.slipway.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET}, {@code HEAD} and {@code DELETE /v2/<name>/blobs/<digest>}, with single byte ranges. */
final class BlobApi {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Storage storage;

    BlobApi(Storage storage) {
        this.storage = storage;
    }

    /** An inclusive byte range. */
    record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    void get(Exchange ex, Route.Blob route) throws IOException {
        Digest digest = route.digest();
        if (!storage.repositories.hasBlob(route.name(), digest)) {
            throw unknown(digest);
        }
        BasicFileAttributes attrs = storage.blobs.stat(digest).orElseThrow(() -> unknown(digest));
        long size = attrs.size();
        ex.header("Docker-Content-Digest", digest.toString())
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + digest + "\"")
                .header("Cache-Control", "max-age=31536000");
        Optional<Span> span = ex.header("Range").flatMap(r -> parseRange(r, size));
        if (ex.header("Range").isPresent()
                && span.isEmpty()
                && !ex.header("Range").get().contains(",")) {
            ex.header("Content-Range", "bytes */" + size);
            throw new RegistryException(
                    ErrorCode.RANGE_INVALID,
                    "unsatisfiable range " + ex.header("Range").get());
        }
        Span part = span.orElse(new Span(0, size - 1));
        ex.response().setContentType("application/octet-stream");
        ex.response().setContentLengthLong(part.length());
        if (span.isPresent()) {
            ex.response().setStatus(206);
            ex.header("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size);
        } else {
            ex.response().setStatus(200);
        }
        if (ex.isHead()) {
            // a client checking before a manifest push: keep the blob out of the next GC sweep
            storage.blobs.touch(digest);
            return;
        }
        try (FileChannel in = FileChannel.open(storage.blobs.path(digest))) {
            OutputStream out = ex.response().getOutputStream();
            Streams.send(in, part.first(), part.length(), out);
            out.flush();
        } catch (NoSuchFileException e) {
            ex.response().reset();
            throw unknown(digest);
        }
    }

    void delete(Exchange ex, Route.Blob route) throws IOException {
        if (!storage.repositories.unlinkBlob(route.name(), route.digest())) {
            throw unknown(route.digest());
        }
        ex.header("Docker-Content-Digest", route.digest().toString()).empty(202);
    }

    /** One range within {@code size}, or empty when unsatisfiable or not a single byte range. */
    static Optional<Span> parseRange(String header, long size) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()) || size == 0) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 ? Optional.empty() : Optional.of(new Span(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            return first > last || first >= size ? Optional.empty() : Optional.of(new Span(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static RegistryException unknown(Digest digest) {
        return new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is unknown to this repository");
    }
}
