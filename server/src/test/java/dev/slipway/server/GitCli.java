package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code git} client with a clean environment: no user or system config, never a prompt. */
final class GitCli {
    private final Path home;

    GitCli(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("git failed (" + exit + "):\n" + err + out);
            }
            return this;
        }
    }

    Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).directory(dir.toFile());
        var env = pb.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "");
        env.put("SSH_ASKPASS", "");
        env.put("GIT_AUTHOR_NAME", "Dev");
        env.put("GIT_AUTHOR_EMAIL", "dev@example.com");
        env.put("GIT_COMMITTER_NAME", "Dev");
        env.put("GIT_COMMITTER_EMAIL", "dev@example.com");
        env.put("LC_ALL", "C");
        try {
            var err = Files.createTempFile(home, "err", ".txt");
            var p = pb.redirectError(err.toFile()).start();
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git did not finish: " + cmd);
            }
            return new Result(p.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new work tree on branch main with {@code files} (path, content pairs) committed; returns the commit id. */
    String initAndCommit(Path dir, String... pathsAndContents) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                var file = dir.resolve(pathsAndContents[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, pathsAndContents[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, "init", "-q", "-b", "main").ok();
        run(dir, "add", "-A").ok();
        run(dir, "commit", "-q", "-m", "first").ok();
        return run(dir, "rev-parse", "HEAD").ok().out().strip();
    }
}
