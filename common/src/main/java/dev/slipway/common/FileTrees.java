package dev.slipway.common;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deleting directory trees and rewriting files in place, shared by the modules that keep files (job directories,
 * stores, repositories).
 */
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
     * Makes {@code content} the whole of {@code file}, created when missing: written over what the file holds, then
     * cut to its length. Unlike {@link Files#write}, which truncates the file to zero first, this keeps ext4 from
     * flushing the file to the disk when it is closed (its {@code auto_da_alloc} heuristic treats "truncated to zero,
     * written, closed" as a file being replaced and starts its write-back at once). A job rewrites its event payload
     * and each step's script in files an earlier job left; truncating and flushing them took 8 % of the job threads'
     * CPU in a profile of 51 one-step jobs. The file is cut only when it was longer. A symbolic link in place of the
     * file is not written through: the call fails. Through a {@link RandomAccessFile} rather than a {@link
     * java.nio.channels.FileChannel}, which on a virtual thread cost three times as much CPU per call (a temporary
     * direct buffer, a cleaner, the option set).
     */
    public static void overwrite(Path file, byte[] content) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new FileSystemException(file.toString(), null, "is a symbolic link, not written through");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long before = f.length();
            f.write(content);
            if (before > content.length) {
                f.setLength(content.length);
            }
        }
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
        for (Path child : children(dir)) {
            deleteTree(child);
        }
    }

    /**
     * The entries of directory {@code dir} (following {@code dir} itself when it is a symbolic link, as
     * {@link Files#newDirectoryStream} does), read with one native call ({@link java.io.File#list}). A job's directories
     * are listed about ten times per job; through a {@link DirectoryStream} each listing cost four times as much CPU
     * (nine system calls and an iterator, against five). A name the platform encoding cannot represent comes back from
     * {@code File.list} altered ({@code '?'} or U+FFFD in place of the bytes), and its path would name nothing; when a
     * name holds either character the directory is listed again through a {@code DirectoryStream}, whose paths keep
     * the name's bytes.
     *
     * @throws IOException when {@code dir} is not a directory or cannot be read
     */
    public static List<Path> children(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names == null) {
            if (!Files.isDirectory(dir)) {
                throw Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                        ? new NotDirectoryException(dir.toString())
                        : new NoSuchFileException(dir.toString());
            }
            throw new IOException("cannot list the directory " + dir);
        }
        List<Path> children = new ArrayList<>(names.length);
        for (String name : names) {
            if (name.indexOf('?') >= 0 || name.indexOf('\uFFFD') >= 0) {
                return streamed(dir);
            }
            children.add(dir.resolve(name));
        }
        return children;
    }

    private static List<Path> streamed(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                children.add(e);
            }
        }
        return children;
    }
}
