package dev.slipway.common;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting directory trees, shared by the modules that keep files (job directories, stores, repositories). */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Creates {@code dir} and its missing parents unless it is a directory already. On a directory that exists,
     * {@link Files#createDirectories} first fails a {@code mkdir} and builds an exception inside; a job prepares
     * several directories that exist from the job before, so that cost came with every job.
     */
    public static Path ensureDirectory(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
    }

    /**
     * Deletes {@code path} and, when it is a directory, everything in it; a missing path is no error. Symbolic links
     * are deleted, never followed.
     */
    public static void deleteTree(Path path) throws IOException {
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /** Deletes everything in directory {@code dir}, keeping {@code dir}. */
    public static void deleteChildren(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                deleteTree(child);
            }
        }
    }
}
