package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /**
     * The key pair that signs jobs' OpenID Connect tokens, {@code <data>/secrets/oidc-signing-key.jwk}: {@code create}
     * makes it (as JSON) on first start.
     */
    static String oidcSigningKey(Path dataDir, Supplier<String> create) {
        var file = dataDir.resolve("secrets").resolve("oidc-signing-key.jwk");
        return new String(
                keep(file, bytes -> bytes.length > 0, () -> create.get().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    private static byte[] key(Path dataDir, String name) {
        return keep(dataDir.resolve("secrets").resolve(name), bytes -> bytes.length >= KEY_BYTES, () -> {
            var key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            return key;
        });
    }

    /** The content of {@code file} when {@code usable}, else a new one from {@code create}, readable by the owner. */
    private static byte[] keep(Path file, Predicate<byte[]> usable, Supplier<byte[]> create) {
        try {
            if (Files.isRegularFile(file)) {
                var existing = Files.readAllBytes(file);
                if (usable.test(existing)) {
                    return existing;
                }
            }
            Files.createDirectories(file.getParent());
            var content = create.get();
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // an empty or short file from an interrupted start: overwritten below
            }
            Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
