package dev.slipway.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Upload sessions: {@code uploads/<uuid>/data} plus the repository it belongs to. The running SHA-256 lives in memory
 * so finishing an upload does not re-read it; after a restart, or for SHA-512, the file is hashed again.
 */
final class Uploads {
    private static final Pattern UUID_PATTERN = Pattern.compile("[a-f0-9-]{36}");

    private final Path root;
    private final Clock clock;
    private final long maxBlobBytes;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** One upload in progress; its lock serialises chunks and keeps garbage collection away while it is written. */
    static final class Session {
        final String id;
        final String repository;
        final Path file;
        final ReentrantLock lock = new ReentrantLock();
        long size;
        Optional<MessageDigest> sha256;
        Instant touched;

        Session(String id, String repository, Path file, long size, Optional<MessageDigest> sha256, Instant touched) {
            this.id = id;
            this.repository = repository;
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
            this.touched = touched;
        }
    }

    Uploads(Path root, Clock clock, long maxBlobBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.clock = clock;
        this.maxBlobBytes = maxBlobBytes;
    }

    Session start(String repository) throws IOException {
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("repository"), repository);
        Path file = dir.resolve("data");
        Files.createFile(file);
        Session session = new Session(id, repository, file, 0, Optional.of(Digest.hasher("sha256")), clock.instant());
        sessions.put(id, session);
        return session;
    }

    /** The session with this id in this repository; recovers sessions from disk after a restart. */
    Session find(String repository, String id) throws IOException {
        if (!UUID_PATTERN.matcher(id).matches()) {
            throw unknown(id);
        }
        Session session = sessions.get(id);
        if (session == null) {
            Path dir = root.resolve(id);
            Optional<String> owner = AtomicFiles.readString(dir.resolve("repository"));
            Path file = dir.resolve("data");
            if (owner.isEmpty() || !Files.isRegularFile(file)) {
                throw unknown(id);
            }
            session = sessions.computeIfAbsent(
                    id, k -> new Session(k, owner.get(), file, sizeOf(file), Optional.empty(), clock.instant()));
        }
        if (!session.repository.equals(repository)) {
            throw unknown(id);
        }
        return session;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends a chunk; the caller holds the session lock. */
    long append(Session session, InputStream body) throws IOException {
        try (FileChannel out = FileChannel.open(session.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            MessageDigest hasher = session.sha256.orElseGet(() -> Digest.hasher("sha256"));
            long written;
            try {
                written = Streams.copy(body, out, hasher, session.size, maxBlobBytes);
            } catch (IOException | RuntimeException e) {
                // the file may hold part of the chunk: trust only its length from now on
                session.sha256 = Optional.empty();
                out.truncate(session.size);
                throw e;
            }
            session.size += written;
            session.touched = clock.instant();
            return written;
        }
    }

    /** Verifies the finished upload against {@code expected}; returns the file to commit. The caller holds the lock. */
    Path verify(Session session, Digest expected) throws IOException {
        Digest actual;
        if (expected.algorithm().equals("sha256") && session.sha256.isPresent()) {
            actual = Digest.of("sha256", session.sha256.get().digest());
            session.sha256 = Optional.empty();
        } else {
            try (FileChannel in = FileChannel.open(session.file)) {
                actual = Streams.digestOf(in, expected.algorithm());
            }
        }
        if (!actual.equals(expected)) {
            throw new RegistryException(
                    ErrorCode.DIGEST_INVALID,
                    "digest mismatch: content has " + actual + " but the client said " + expected);
        }
        return session.file;
    }

    void remove(Session session) throws IOException {
        sessions.remove(session.id);
        deleteTree(root.resolve(session.id));
    }

    /** Deletes sessions untouched since {@code cutoff} that nobody is writing to; returns how many. */
    int purgeOlderThan(Instant cutoff) throws IOException {
        int purged = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                Session live = sessions.get(id);
                if (live != null) {
                    if (live.touched.isBefore(cutoff) && live.lock.tryLock()) {
                        try {
                            remove(live);
                            purged++;
                        } finally {
                            live.lock.unlock();
                        }
                    }
                } else if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)
                        && lastWrite(dir).isBefore(cutoff)) {
                    deleteTree(dir);
                    purged++;
                }
            }
        }
        return purged;
    }

    private static Instant lastWrite(Path dir) throws IOException {
        Path data = dir.resolve("data");
        return Files.exists(data) ? Files.getLastModifiedTime(data).toInstant() : Instant.EPOCH;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static RegistryException unknown(String id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + id + " is unknown");
    }
}
