package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Dependency caches with actions/cache semantics: entries are immutable; a restore tries each scope in
 * turn and, within it, each key first exactly and then as a prefix (newest first).
 */
public final class Caches {
    private static final String COLUMNS =
            "id, repo_id, scope, cache_key, version, size_bytes, path, created_at, last_used_at";
    private final Ctx ctx;

    Caches(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Records a saved cache; empty if that scope, key and version exist already (the first save wins). */
    public Optional<CacheEntry> save(long repoId, String scope, String key, String version, long size, String path) {
        var now = ctx.now();
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("INSERT INTO caches (repo_id, scope, cache_key, version,"
                                    + " size_bytes, path, created_at, last_used_at)"
                                    + " VALUES (:repo, :scope, :key, :version, :size, :path, :now, :now)")
                            .bind("repo", repoId)
                            .bind("scope", scope)
                            .bind("key", key)
                            .bind("version", version)
                            .bind("size", size)
                            .bind("path", path)
                            .bind("now", now)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return Optional.of(new CacheEntry(id, repoId, scope, key, version, size, path, now, now));
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Finds the entry to restore and marks it used: for each scope, for each key (the primary key, then
     * the restore keys), an exact match, else the newest entry whose key starts with it.
     */
    public Optional<CacheEntry> restore(long repoId, List<String> scopes, List<String> keys, String version) {
        return ctx.jdbi().inTransaction(h -> {
            for (var scope : scopes) {
                for (var key : keys) {
                    var hit = lookup(h, repoId, scope, version, "cache_key = :key", key)
                            .or(() -> lookup(h, repoId, scope, version, "LEFT(cache_key, :length) = :key", key));
                    if (hit.isPresent()) {
                        var now = ctx.now();
                        h.createUpdate("UPDATE caches SET last_used_at = :now WHERE id = :id")
                                .bind("now", now)
                                .bind("id", hit.get().id())
                                .execute();
                        var e = hit.get();
                        return Optional.of(new CacheEntry(
                                e.id(),
                                e.repoId(),
                                e.scope(),
                                e.key(),
                                e.version(),
                                e.size(),
                                e.path(),
                                e.created(),
                                now));
                    }
                }
            }
            return Optional.<CacheEntry>empty();
        });
    }

    private static Optional<CacheEntry> lookup(
            Handle h, long repoId, String scope, String version, String match, String key) {
        return h.createQuery("SELECT " + COLUMNS + " FROM caches WHERE repo_id = :repo AND scope = :scope"
                        + " AND version = :version AND " + match + " ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("repo", repoId)
                .bind("scope", scope)
                .bind("version", version)
                .bind("key", key)
                .bind("length", key.length())
                .map(Caches::map)
                .findOne();
    }

    /** The entry of exactly this scope, key and version, without marking it used. */
    public Optional<CacheEntry> find(long repoId, String scope, String key, String version) {
        return ctx.jdbi().withHandle(h -> lookup(h, repoId, scope, version, "cache_key = :key", key));
    }

    public Optional<CacheEntry> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM caches WHERE id = :id")
                        .bind("id", id)
                        .map(Caches::map)
                        .findOne());
    }

    /** How many entries a repository has. */
    public long count(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM caches WHERE repo_id = :repo")
                        .bind("repo", repoId)
                        .mapTo(Long.class)
                        .one());
    }

    /** Repositories that have entries, for the eviction sweep. */
    public List<Long> repoIds() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT DISTINCT repo_id FROM caches ORDER BY repo_id")
                        .mapTo(Long.class)
                        .list());
    }

    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM caches WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** A repository's entries, most recently used first. */
    public List<CacheEntry> list(long repoId, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS
                                        + " FROM caches WHERE repo_id = :repo ORDER BY last_used_at DESC, id DESC LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Caches::map)
                        .list());
    }

    /** Bytes a repository's caches take. */
    public long totalSize(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT COALESCE(SUM(size_bytes), 0) FROM caches WHERE repo_id = :repo")
                        .bind("repo", repoId)
                        .mapTo(Long.class)
                        .one());
    }

    /**
     * Deletes a repository's least recently used entries until the rest fit in {@code maxBytes}, and
     * entries unused since {@code unusedSince}; returns them so their files can be removed.
     */
    public List<CacheEntry> evict(long repoId, long maxBytes, Instant unusedSince) {
        return ctx.jdbi().inTransaction(h -> {
            var all = h.createQuery(
                            "SELECT " + COLUMNS + " FROM caches WHERE repo_id = :repo ORDER BY last_used_at, id")
                    .bind("repo", repoId)
                    .map(Caches::map)
                    .list();
            long total = all.stream().mapToLong(CacheEntry::size).sum();
            var evicted = new ArrayList<CacheEntry>();
            for (var entry : all) {
                if (total <= maxBytes && !entry.lastUsed().isBefore(unusedSince)) {
                    break;
                }
                h.createUpdate("DELETE FROM caches WHERE id = :id")
                        .bind("id", entry.id())
                        .execute();
                total -= entry.size();
                evicted.add(entry);
            }
            return evicted;
        });
    }

    private static CacheEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CacheEntry(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "scope"),
                Rows.string(rs, "cache_key"),
                Rows.string(rs, "version"),
                rs.getLong("size_bytes"),
                Rows.string(rs, "path"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_used_at"));
    }
}
