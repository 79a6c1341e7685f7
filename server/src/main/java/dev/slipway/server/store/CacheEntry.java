package dev.slipway.server.store;

import java.time.Instant;

/**
 * A saved dependency cache (actions/cache).
 *
 * @param scope the ref it was saved from, such as {@code refs/heads/main}; restores look in the run's
 *     own ref first, then in the default branch
 * @param version a hash of the paths and compression, so different layouts never mix
 * @param path where the archive is, relative to the data directory
 */
public record CacheEntry(
        long id,
        long repoId,
        String scope,
        String key,
        String version,
        long size,
        String path,
        Instant created,
        Instant lastUsed) {}
