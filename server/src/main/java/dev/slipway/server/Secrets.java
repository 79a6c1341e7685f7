package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Keys the server keeps in its data directory, made on first start and kept across restarts. */
final class Secrets {
    private static final int KEY_BYTES = 32;

    private Secrets() {}

    /** The registry's token signing key, {@code <data>/secrets/registry.key}, readable by the owner only. */
    static byte[] registryKey(Path dataDir) {
        return key(dataDir, "registry.key");
    }

    /** The key that encrypts actions secrets in the database, {@code <data>/secrets/actions.key}. */
    static byte[] actionsKey(Path dataDir) {
        return key(dataDir, "actions.key");
    }

    private static byte[] key(Path dataDir, String name) {
        var file = dataDir.resolve("secrets").resolve(name);
        try {
            if (Files.isRegularFile(file) && Files.size(file) >= KEY_BYTES) {
                return Files.readAllBytes(file);
            }
            Files.createDirectories(file.getParent());
            var key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // an empty or short file from an interrupted start: overwritten below
            }
            Files.write(file, key, StandardOpenOption.TRUNCATE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
