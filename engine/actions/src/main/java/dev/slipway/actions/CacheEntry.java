package dev.slipway.actions;

import java.time.Instant;

/**
 * A saved cache archive.
 *
 * @param repository the {@code owner/repo} it belongs to
 * @param scope the ref it was saved from, e.g. {@code refs/heads/main}; caches are visible to runs on the same ref and
 *     on refs whose fallback scopes include it
 * @param key the user's cache key
 * @param version a digest of the cached paths and archive format; only entries of the same version match
 * @param size archive size in bytes
 * @param created when it was saved; prefix matches prefer the newest
 */
public record CacheEntry(String repository, String scope, String key, String version, long size, Instant created) {}
