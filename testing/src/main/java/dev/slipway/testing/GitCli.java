package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} client with a clean environment: no user or system config, no prompts. */
public final class GitCli {
    private final Path home;

    /** @param home a directory used as {@code HOME} (and for temporary files) of every git call */
    public GitCli(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What git printed and returned. */
    public record Result(int exit, String out, String err) {
        /** This result, or an assertion error with git's output when it failed. */
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("git failed (" + exit + "):\n" + err + out);
            }
            return this;
        }
    }

    /** Runs {@code git ARGS} in {@code dir}. */
    public Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
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
            Path err = Files.createTempFile(home, "err", ".txt");
            Process p = pb.redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git timed out: " + cmd);
            }
            return new Result(p.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new work tree on branch main. */
    public Path init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, "init", "-q", "-b", "main").ok();
        return dir;
    }

    /** Writes files (path, content pairs; null content deletes), commits everything and returns the new id. */
    public String commit(Path dir, String message, String... pathsAndContents) {
        try {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                Path file = dir.resolve(pathsAndContents[i]);
                if (pathsAndContents[i + 1].equals("<delete>")) {
                    Files.delete(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, pathsAndContents[i + 1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, "add", "-A").ok();
        run(dir, "commit", "-q", "--allow-empty", "-m", message).ok();
        return run(dir, "rev-parse", "HEAD").ok().out().strip();
    }

    /** A new work tree on branch main with {@code pathsAndContents} committed; returns the commit id. */
    public String initAndCommit(Path dir, String... pathsAndContents) {
        init(dir);
        return commit(dir, "first", pathsAndContents);
    }
}
