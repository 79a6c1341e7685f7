package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Run artifacts: names are unique within a run; the files themselves live on disk. */
public final class Artifacts {
    private static final String COLUMNS = "id, run_id, name, size_bytes, digest, path, created_at, expires_at";
    private static final String QUALIFIED =
            "a.id, a.run_id, a.name, a.size_bytes, a.digest, a.path, a.created_at," + " a.expires_at";
    private final Ctx ctx;

    Artifacts(Ctx ctx) {
        this.ctx = ctx;
    }

    /**
     * Records an uploaded artifact kept for {@code retention}.
     *
     * @throws StoreException if the run has an artifact of that name already
     */
    public Artifact create(long runId, String name, long size, String digest, String path, Duration retention) {
        var now = ctx.now();
        var expires = now.plus(retention);
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate(
                                    "INSERT INTO artifacts (run_id, name, size_bytes, digest,"
                                            + " path, created_at, expires_at) VALUES (:run, :name, :size, :digest, :path, :now, :expires)")
                            .bind("run", runId)
                            .bind("name", name)
                            .bind("size", size)
                            .bind("digest", digest)
                            .bind("path", path)
                            .bind("now", now)
                            .bind("expires", expires)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return new Artifact(id, runId, name, size, digest, path, now, expires);
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                throw new StoreException("the run has an artifact named '" + name + "' already", e);
            }
            throw e;
        }
    }

    public Optional<Artifact> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE id = :id")
                        .bind("id", id)
                        .map(Artifacts::map)
                        .findOne());
    }

    public Optional<Artifact> find(long runId, String name) {
        return ctx.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :run AND name = :name")
                                .bind("run", runId)
                                .bind("name", name)
                                .map(Artifacts::map)
                                .findOne());
    }

    /** A run's artifacts by name. */
    public List<Artifact> list(long runId) {
        return ctx.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :run ORDER BY name")
                                .bind("run", runId)
                                .map(Artifacts::map)
                                .list());
    }

    /** A repository's artifacts, newest first, optionally only those named {@code name}. */
    public List<Artifact> listForRepo(long repoId, Optional<String> name, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + QUALIFIED + " FROM artifacts a JOIN workflow_runs r"
                                + " ON r.id = a.run_id WHERE r.repo_id = :repo"
                                + (name.isPresent() ? " AND a.name = :name" : "")
                                + " ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("name", name.orElse(""))
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Artifacts::map)
                        .list());
    }

    /** How many artifacts {@link #listForRepo} pages through. */
    public long countForRepo(long repoId, Optional<String> name) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM artifacts a JOIN workflow_runs r"
                                + " ON r.id = a.run_id WHERE r.repo_id = :repo"
                                + (name.isPresent() ? " AND a.name = :name" : ""))
                        .bind("repo", repoId)
                        .bind("name", name.orElse(""))
                        .mapTo(Long.class)
                        .one());
    }

    /** Artifacts past their expiry, oldest first, for the cleaner to delete files and then rows. */
    public List<Artifact> expired(int limit) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM artifacts WHERE expires_at <= :now ORDER BY expires_at, id LIMIT :limit")
                        .bind("now", ctx.now())
                        .bind("limit", limit)
                        .map(Artifacts::map)
                        .list());
    }

    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM artifacts WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    private static Artifact map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Artifact(
                rs.getLong("id"),
                rs.getLong("run_id"),
                Rows.string(rs, "name"),
                rs.getLong("size_bytes"),
                Rows.string(rs, "digest"),
                Rows.string(rs, "path"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"));
    }
}
