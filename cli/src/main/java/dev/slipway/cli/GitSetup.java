package dev.slipway.cli;

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
