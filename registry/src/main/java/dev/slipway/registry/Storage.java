package dev.slipway.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything on disk under one directory: {@code blobs/}, {@code repositories/}, {@code uploads/} and {@code tmp/}.
 * Writes that make content reachable (committing a blob, linking a manifest) hold the shared side of {@link #gcLock};
 * garbage collection holds the exclusive side, so it never sees a half-made reference. Whatever a request is answered
 * as stored (a blob, a manifest, a tag, a link) is on disk before the answer, through {@link Disk}; upload sessions in
 * progress are not (see {@link Uploads}).
 */
final class Storage {
    final Path root;
    final AtomicFiles files;
    final BlobStore blobs;
    final Uploads uploads;
    final Repositories repositories;
    final Clock clock;
    final long maxManifestBytes;
    final long maxBlobBytes;
    final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    /** Direct writes on this file system, shared by uploads and temporary files (commits rename them to blobs). */
    private final DirectWrites direct;

    /** Work done while holding the shared side of the GC lock. */
    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    Storage(Path root, Clock clock, long maxManifestBytes, long maxBlobBytes, Disk disk) throws IOException {
        disk.createDirectories(root);
        this.root = root;
        this.files = new AtomicFiles(root.resolve("tmp"), disk);
        this.direct = new DirectWrites(root.resolve("tmp"));
        this.blobs = new BlobStore(root.resolve("blobs"), disk);
        this.uploads = new Uploads(root.resolve("uploads"), clock, maxBlobBytes, direct);
        this.repositories = new Repositories(root.resolve("repositories"), files, disk);
        this.clock = clock;
        this.maxManifestBytes = maxManifestBytes;
        this.maxBlobBytes = maxBlobBytes;
    }

    <T> T shared(IoAction<T> action) throws IOException {
        gcLock.readLock().lock();
        try {
            return action.run();
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /** Streams a whole blob into a temporary file, verifies its digest, commits it and links it to {@code repo}. */
    void putBlob(String repo, Digest expected, InputStream body) throws IOException {
        Path temp = files.newTempFile();
        try {
            MessageDigest hasher = expected.newHasher();
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Streams.copy(body, out, direct.target(temp), hasher, 0, maxBlobBytes);
            }
            Digest actual = Digest.of(expected.algorithm(), hasher.digest());
            if (!actual.equals(expected)) {
                throw new RegistryException(
                        ErrorCode.DIGEST_INVALID,
                        "digest mismatch: content has " + actual + " but the client said " + expected);
            }
            commit(repo, temp, expected);
        } finally {
            files.release(temp);
        }
    }

    void commit(String repo, Path verified, Digest digest) throws IOException {
        shared(() -> {
            blobs.commit(verified, digest);
            repositories.linkBlob(repo, digest);
            return null;
        });
    }

    /** Reads a small blob (a manifest or an image config) whole; empty-handed callers check existence first. */
    byte[] readSmall(Digest digest, long limit) throws IOException {
        Path path = blobs.path(digest);
        if (Files.size(path) > limit) {
            throw new RegistryException(ErrorCode.TOO_LARGE, digest + " is larger than " + limit + " bytes");
        }
        return Files.readAllBytes(path);
    }
}
