package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * The actions Slipway ships ({@code slipway/rollout@v1}), written into an action source directory
 * ({@code <owner>/<repo>@<ref>/}) that jobs find them in: the server's data directory for its jobs, {@code slipway
 * run}'s state directory for local runs, where {@code slipway/rollout} fails saying it needs a server.
 */
public final class SlipwayActions {
    private static final String ROOT = "/slipway-actions/";
    private static final List<String> FILES = List.of("slipway/rollout@v1/action.yml", "slipway/rollout@v1/rollout.sh");

    private SlipwayActions() {}

    /**
     * Writes the actions under {@code home/slipway-actions} (replacing older copies, leaving identical ones) and
     * returns that directory.
     */
    public static Path install(Path home) {
        var dir = home.resolve("slipway-actions");
        try {
            for (var name : FILES) {
                var target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                byte[] content;
                try (var in = SlipwayActions.class.getResourceAsStream(ROOT + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the server's jar lacks " + ROOT + name);
                    }
                    content = in.readAllBytes();
                }
                // every `slipway run` calls this: an unchanged copy is left as it is (no write, no new inode)
                if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                    continue;
                }
                var partial = Files.createTempFile(target.getParent(), ".", ".part");
                Files.write(partial, content);
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Slipway's actions into " + dir, e);
        }
        return dir;
    }
}
