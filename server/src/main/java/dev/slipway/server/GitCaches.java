package dev.slipway.server;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * JGit's process-wide pack caches, sized for a server: JGit's defaults (10 MB of pack windows of 8 KB, a 10 MB delta
 * base cache) suit a desktop tool and make a clone of a repository with a larger pack re-read the pack many times.
 */
final class GitCaches {
    private GitCaches() {}

    static void install() {
        var config = new WindowCacheConfig();
        config.setPackedGitLimit(256L * 1024 * 1024);
        config.setPackedGitWindowSize(64 * 1024);
        config.setDeltaBaseCacheLimit(64 * 1024 * 1024);
        config.setStreamFileThreshold(16 * 1024 * 1024);
        config.install();
    }
}
