package dev.slipway.cli;

import dev.slipway.common.Threads;
import java.time.Instant;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.internal.storage.file.FileSnapshot;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit, left to itself, starts {@code git --version} and {@code git config --system} to find the system-wide git
 * configuration: two processes on every start of {@code slipway}. Slipway reads repositories it controls and needs no
 * system configuration, so it tells JGit there is none, as {@code GIT_CONFIG_NOSYSTEM=1} does for C git.
 */
final class GitSetup {
    private GitSetup() {}

    /**
     * Does {@link #noSystemConfig} on a thread of its own and initialises the JGit classes that every repository
     * opening needs (its translation bundle, file snapshots, the time zone): about 55 ms of a one-step {@code slipway
     * run} that now overlap with building the command line. Call {@link #await} before using JGit.
     */
    static Thread prepareInBackground() {
        return Thread.ofPlatform().daemon().name("slipway-git-setup").start(() -> {
            noSystemConfig();
            JGitText.get();
            FileSnapshot.save(Instant.EPOCH);
        });
    }

    /** Waits for {@link #prepareInBackground}. */
    static void await(Thread setup) {
        if (Threads.joinUninterruptibly(setup)) {
            Thread.currentThread().interrupt();
        }
    }

    static void noSystemConfig() {
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, null, fs) {
                    @Override
                    public void load() {
                        // there is no system configuration
                    }

                    @Override
                    public boolean isOutdated() {
                        return false;
                    }
                };
            }
        });
    }
}
