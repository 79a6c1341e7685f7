package dev.slipway.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How what the registry acknowledges survives a crash or a power cut: a file's data is forced to the device before it
 * is renamed into place, and the directory holding a new name is forced after the rename or creation (without the
 * first, ext4's delayed allocation can leave a renamed file empty after a power cut; without the second, the name
 * itself can be lost). Every force and every rename into place goes through here, so tests can check their order.
 */
interface Disk {
    /** Forces a file's content and size to the device ({@code fdatasync}). */
    void force(Path file) throws IOException;

    /** Renames {@code source} onto {@code target}, replacing it atomically; the parent of the target must exist. */
    void move(Path source, Path target) throws IOException;

    /** Forces a directory's entries to the device, after a name in it was created, renamed or deleted. */
    void forceDirectory(Path dir) throws IOException;

    /**
     * Makes {@code file} durable under the name {@code target}: forces its data, renames it (creating the missing
     * directories), then forces the directory that holds the new name.
     */
    default void install(Path file, Path target) throws IOException {
        force(file);
        createDirectories(target.getParent());
        move(file, target);
        forceDirectory(target.getParent());
    }

    /** Creates {@code dir} and its missing parents, forcing each new directory's parent so its name lasts too. */
    default void createDirectories(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(dir)) {
            return;
        }
        createDirectories(parent);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another request, which forces its parent
            return;
        }
        forceDirectory(parent);
    }

    /** The real file system. */
    Disk SYSTEM = new Disk() {
        @Override
        public void force(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            }
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            // Linux and the BSDs fsync a directory opened for reading (as Lucene does); Windows cannot open one
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    };
}
