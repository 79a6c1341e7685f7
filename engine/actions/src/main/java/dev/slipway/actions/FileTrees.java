package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** File helpers shared by the stores and actions. */
final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code path} and everything under it, if it exists; does not follow symlinks. */
    static void deleteTree(Path path) throws IOException {
        dev.slipway.common.FileTrees.deleteTree(path);
    }

    /** Deletes the children of directory {@code dir}, keeping {@code dir}. */
    static void deleteChildren(Path dir) throws IOException {
        dev.slipway.common.FileTrees.deleteChildren(dir);
    }

    /** Whether {@code dir} is missing or an empty directory. */
    static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir);
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }

    /**
     * Renames directory {@code source} to {@code target} atomically; returns false (and deletes {@code source}) if
     * {@code target} already exists, e.g. because a concurrent writer got there first.
     */
    static boolean publish(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            deleteTree(source);
            return false;
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileSystemException e) {
            if (Files.exists(target)) {
                deleteTree(source);
                return false;
            }
            throw e;
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 of a UTF-8 string. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A file-name-safe, reversible encoding of {@code name}. */
    static String safeName(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
