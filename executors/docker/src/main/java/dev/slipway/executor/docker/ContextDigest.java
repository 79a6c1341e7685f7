package dev.slipway.executor.docker;

import dev.slipway.runtime.spi.ExecutorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The SHA-256 of a build context: every regular file's relative path, executable bit and content, in path order. */
final class ContextDigest {
    private ContextDigest() {}

    static String of(Path context, String dockerfile) throws ExecutorException {
        MessageDigest digest = sha256();
        digest.update(("dockerfile\0" + dockerfile + "\0").getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(context)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> context.relativize(a)
                            .toString()
                            .compareTo(context.relativize(b).toString()))
                    .toList();
        } catch (IOException e) {
            throw new ExecutorException("cannot read the build context " + context + ": " + e.getMessage(), e);
        }
        byte[] buf = new byte[64 * 1024];
        for (Path file : files) {
            String header = context.relativize(file) + "\0" + (Files.isExecutable(file) ? "x" : "-") + "\0";
            digest.update(header.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    digest.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new ExecutorException("cannot read " + file + ": " + e.getMessage(), e);
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
