package dev.slipway.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Small files written whole through a temporary file and a rename, so readers never see half a file, and forced to
 * disk before {@link #write} returns ({@link Disk#install}).
 */
final class AtomicFiles {
    private final Path tmp;
    private final Disk disk;
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

    AtomicFiles(Path tmp, Disk disk) throws IOException {
        this.tmp = Files.createDirectories(tmp);
        this.disk = disk;
    }

    /** A fresh temporary file name, protected from garbage collection until {@link #release}d. */
    Path newTempFile() {
        Path temp = tmp.resolve(UUID.randomUUID().toString());
        inFlight.add(temp);
        return temp;
    }

    /** Deletes the temporary file if it was not moved away, and stops protecting it. */
    void release(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } finally {
            inFlight.remove(temp);
        }
    }

    /** Deletes abandoned temporary files (from a crash) last written before {@code cutoff}. */
    void purgeOlderThan(Instant cutoff) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.toList()) {
                try {
                    if (!inFlight.contains(file)
                            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException e) {
                    // moved into place meanwhile
                }
            }
        }
    }

    void write(Path target, byte[] content) throws IOException {
        Path temp = newTempFile();
        try {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            disk.install(temp, target);
        } finally {
            release(temp);
        }
    }

    void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> readString(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
