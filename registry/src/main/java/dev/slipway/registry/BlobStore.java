package dev.slipway.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed blobs at {@code blobs/<algorithm>/<first two hex>/<hex>}. Blobs only enter through {@link
 * #commit}, after their digest was verified, by renaming a finished temporary file: a blob path either does not exist
 * or holds the complete content, on disk before {@link #commit} returns.
 */
final class BlobStore {
    private final Path root;
    private final Disk disk;

    BlobStore(Path root, Disk disk) throws IOException {
        disk.createDirectories(root);
        this.root = root;
        this.disk = disk;
    }

    Path path(Digest digest) {
        return root.resolve(digest.algorithm())
                .resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex());
    }

    /** Size and modification time of a blob, if present. */
    Optional<BasicFileAttributes> stat(Digest digest) {
        try {
            return Optional.of(Files.readAttributes(path(digest), BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /**
     * Moves a verified file into place. Concurrent commits of the same digest are harmless: the content is identical
     * and each rename is atomic. An existing blob is only touched, so garbage collection sees it as recent, and its
     * directory forced: the commit that renamed it there forced its data first, but may still be forcing the rename
     * (a directory with nothing new to write costs well under a millisecond to force).
     */
    void commit(Path verifiedFile, Digest digest) throws IOException {
        Path target = path(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(verifiedFile);
            touch(digest);
            disk.forceDirectory(target.getParent());
            return;
        }
        disk.install(verifiedFile, target);
        // a slow chunked upload may have last written long ago: the blob is new to garbage collection now
        touch(digest);
    }

    void touch(Digest digest) {
        try {
            Files.setLastModifiedTime(path(digest), FileTime.from(Instant.now()));
        } catch (IOException e) {
            // gone meanwhile: nothing to protect
        }
    }

    boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(path(digest));
    }

    /** Every stored blob; used by garbage collection. */
    List<Digest> list() throws IOException {
        List<Digest> digests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 3)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String algorithm = root.relativize(file).getName(0).toString();
                try {
                    digests.add(new Digest(algorithm, file.getFileName().toString()));
                } catch (RegistryException e) {
                    // a stray file, not a blob
                }
            });
        }
        return digests;
    }
}
