package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code actions/cache} keeps archives. Entries are immutable: the first save of a key in a scope wins. A server
 * implements it over HTTP; implementations must be thread-safe and safe against concurrent saves.
 */
public interface CacheStore {
    /**
     * Finds the entry to restore, the way GitHub matches cache keys: for each scope in order, for each key in order
     * (the primary key, then the restore keys), an entry whose key equals it, else the newest entry whose key starts
     * with it. Only entries of {@code version} count.
     */
    Optional<CacheEntry> find(String repository, List<String> scopes, String version, List<String> keys)
            throws IOException;

    /**
     * Saves {@code archive} (the store copies it) under the key; returns the new entry, or empty if an entry with
     * this repository, scope, key and version already exists (including one saved concurrently).
     */
    Optional<CacheEntry> save(String repository, String scope, String key, String version, Path archive)
            throws IOException;

    /** Opens the archive of {@code entry}; the caller closes the stream. */
    InputStream open(CacheEntry entry) throws IOException;
}
