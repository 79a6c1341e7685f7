package dev.slipway.git;

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
    Path init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, "init", "-q", "-b", "main").ok();
        return dir;
    }

    /** Writes files (path, content pairs; null content deletes), commits everything and returns the new id. */
    String commit(Path dir, String message, String... pathsAndContents) {
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
}
