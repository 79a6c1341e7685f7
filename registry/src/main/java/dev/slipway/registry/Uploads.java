package dev.slipway.registry;

import dev.slipway.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Upload sessions: {@code uploads/<uuid>.data} plus {@code uploads/<uuid>.repository} naming the repository it belongs
 * to, side by side without a directory per upload (creating and removing one cost more CPU than the rest of a small
 * layer's bookkeeping). The running SHA-256 lives in memory so finishing an upload does not re-read it; after a
 * restart, or for SHA-512, the file is hashed again. Directories left by the older {@code uploads/<uuid>/} layout are
 * only purged.
 *
 * <p>Sessions are not forced to disk: after a power cut one may be shorter than acknowledged, or gone. The client then
 * sees a range error or an unknown upload and sends the rest or starts again (the protocol's way to resume), and the
 * content is hashed again before it is committed, so nothing wrong is ever stored. The finished blob is forced when
 * it is committed ({@link BlobStore#commit}), before the upload is answered as created.
 */
final class Uploads {
    private static final Pattern UUID_PATTERN = Pattern.compile("[a-f0-9-]{36}");
    private static final String DATA = ".data";
    private static final String OWNER = ".repository";

    private final Path root;
    private final Clock clock;
    private final long maxBlobBytes;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final DirectWrites direct;

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

    Uploads(Path root, Clock clock, long maxBlobBytes, DirectWrites direct) throws IOException {
        this.root = Files.createDirectories(root);
        this.clock = clock;
        this.maxBlobBytes = maxBlobBytes;
        this.direct = direct;
    }

    Session start(String repository) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.writeString(owner(id), repository, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Path file = data(id);
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
            Optional<String> owner = AtomicFiles.readString(owner(id));
            Path file = data(id);
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

    private Path data(String id) {
        return root.resolve(id + DATA);
    }

    private Path owner(String id) {
        return root.resolve(id + OWNER);
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
                written = Streams.copy(body, out, direct.target(session.file), hasher, session.size, maxBlobBytes);
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
        delete(session.id);
    }

    private void delete(String id) throws IOException {
        Files.deleteIfExists(data(id));
        Files.deleteIfExists(owner(id));
    }

    /** Deletes sessions untouched since {@code cutoff} that nobody is writing to; returns how many. */
    int purgeOlderThan(Instant cutoff) throws IOException {
        int purged = 0;
        Set<String> seen = new HashSet<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    // an upload in the older one-directory-per-upload layout
                    if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)
                            && lastWrite(entry.resolve("data")).isBefore(cutoff)) {
                        FileTrees.deleteTree(entry);
                        purged++;
                    }
                    continue;
                }
                String id = name.endsWith(DATA)
                        ? name.substring(0, name.length() - DATA.length())
                        : name.endsWith(OWNER) ? name.substring(0, name.length() - OWNER.length()) : "";
                // anything else is not an upload: leave it alone
                if (UUID_PATTERN.matcher(id).matches() && seen.add(id) && purge(id, cutoff)) {
                    purged++;
                }
            }
        }
        return purged;
    }

    private boolean purge(String id, Instant cutoff) throws IOException {
        Session live = sessions.get(id);
        if (live == null) {
            if (lastWrite(data(id)).isBefore(cutoff) && lastWrite(owner(id)).isBefore(cutoff)) {
                delete(id);
                return true;
            }
            return false;
        }
        if (live.touched.isBefore(cutoff) && live.lock.tryLock()) {
            try {
                remove(live);
                return true;
            } finally {
                live.lock.unlock();
            }
        }
        return false;
    }

    private static Instant lastWrite(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return Instant.EPOCH;
        }
    }

    private static RegistryException unknown(String id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + id + " is unknown");
    }
}
