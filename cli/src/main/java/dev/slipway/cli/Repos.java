package dev.slipway.cli;

import dev.slipway.common.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository a command runs in. */
final class Repos {
    private Repos() {}

    /** The nearest directory at or above {@code start} holding {@code .git}. */
    static Path root(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        throw new UserError("not inside a git repository: " + start.toAbsolutePath()
                + " (slipway run executes the workflows of the repository you are in; run `git init` first)");
    }
}
