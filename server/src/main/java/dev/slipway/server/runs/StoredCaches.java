package dev.slipway.server.runs;

import dev.slipway.actions.CacheEntry;
import dev.slipway.actions.CacheStore;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link CacheStore}: archives under {@code <data>/caches/<repository id>/}, one row each in
 * {@code caches}, whose unique key makes the first of concurrent saves win. Like GitHub, the sweep drops entries
 * unused for 7 days and the least recently used ones beyond 10 GiB per repository.
 */
public final class StoredCaches implements CacheStore {
    /** GitHub's limits: entries unused this long go, and a repository keeps at most this many bytes. */
    public static final Duration UNUSED = Duration.ofDays(7);

    public static final long MAX_BYTES_PER_REPO = 10L * 1024 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StoredCaches.class);
    private static final String DIR = "caches";
    private final Database db;
    private final Path dataDir;
    private final Clock clock;

    public StoredCaches(Database db, Path dataDir, Clock clock) {
        this.db = db;
        this.dataDir = dataDir.toAbsolutePath();
        this.clock = clock;
    }

    @Override
    public Optional<CacheEntry> find(String repository, List<String> scopes, String version, List<String> keys) {
        return repo(repository)
                .flatMap(r -> db.caches().restore(r.id(), scopes, keys, version))
                .map(e -> toAction(repository, e));
    }

    @Override
    public Optional<CacheEntry> save(String repository, String scope, String key, String version, Path archive)
            throws IOException {
        var repo =
                repo(repository).orElseThrow(() -> new IOException("no repository " + repository + " on this server"));
        if (db.caches().find(repo.id(), scope, key, version).isPresent()) {
            return Optional.empty();
        }
        var relative = DIR + "/" + repo.id() + "/" + UUID.randomUUID() + ".cache";
        var target = dataDir.resolve(relative);
        Files.createDirectories(target.getParent());
        var staged = Files.createTempFile(target.getParent(), ".save-", ".cache");
        try {
            Files.copy(archive, staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            var saved = db.caches().save(repo.id(), scope, key, version, Files.size(target), relative);
            if (saved.isEmpty()) { // saved concurrently by another job
                Files.deleteIfExists(target);
            }
            return saved.map(e -> toAction(repository, e));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(target);
            throw e;
        }
    }

    @Override
    public InputStream open(CacheEntry entry) throws IOException {
        var row = repo(entry.repository())
                .flatMap(r -> db.caches().find(r.id(), entry.scope(), entry.key(), entry.version()))
                .orElseThrow(() -> new IOException("cache '" + entry.key() + "' no longer exists"));
        return Files.newInputStream(dataDir.resolve(row.path()));
    }

    /** Deletes an entry: its row, then its archive. */
    public boolean delete(dev.slipway.server.store.CacheEntry row) {
        boolean deleted = db.caches().delete(row.id());
        remove(row);
        return deleted;
    }

    /** Evicts unused and over-quota entries of every repository; returns how many went. */
    public int sweep() {
        int evicted = 0;
        var unusedSince = clock.instant().minus(UNUSED);
        for (long repoId : db.caches().repoIds()) {
            for (var row : db.caches().evict(repoId, MAX_BYTES_PER_REPO, unusedSince)) {
                remove(row);
                evicted++;
            }
        }
        return evicted;
    }

    private void remove(dev.slipway.server.store.CacheEntry row) {
        try {
            Files.deleteIfExists(dataDir.resolve(row.path()));
        } catch (IOException e) {
            LOG.warn("cannot delete the archive of cache {}: {}", row.id(), e.toString());
        }
    }

    private Optional<Repo> repo(String repository) {
        int slash = repository.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        return db.repos().find(repository.substring(0, slash), repository.substring(slash + 1));
    }

    private static CacheEntry toAction(String repository, dev.slipway.server.store.CacheEntry e) {
        return new CacheEntry(
                repository.toLowerCase(Locale.ROOT), e.scope(), e.key(), e.version(), e.size(), e.created());
    }
}
