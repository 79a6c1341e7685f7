package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** The ids and states of repositories' workflow files (see {@link WorkflowRecord}). */
public final class WorkflowRecords {
    private static final String SELECT = "SELECT id, repo_id, path, state, created_at, updated_at FROM workflows";
    private final Ctx ctx;

    WorkflowRecords(Ctx ctx) {
        this.ctx = ctx;
    }

    /** The record of {@code path}, made (active) when it has none yet. */
    public WorkflowRecord ensure(long repoId, String path) {
        var found = find(repoId, path);
        if (found.isPresent()) {
            return found.get();
        }
        var now = ctx.now();
        try {
            ctx.jdbi()
                    .useHandle(
                            h -> h.createUpdate("INSERT INTO workflows (repo_id, path, state, created_at, updated_at)"
                                            + " VALUES (:repo, :path, :state, :now, :now)")
                                    .bind("repo", repoId)
                                    .bind("path", path)
                                    .bind("state", WorkflowRecord.ACTIVE)
                                    .bind("now", now)
                                    .execute());
        } catch (RuntimeException e) {
            if (!Rows.uniqueViolation(e)) { // else another request made it meanwhile
                throw e;
            }
        }
        return find(repoId, path).orElseThrow();
    }

    public Optional<WorkflowRecord> find(long repoId, String path) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE repo_id = :repo AND path = :path")
                        .bind("repo", repoId)
                        .bind("path", path)
                        .map(WorkflowRecords::map)
                        .findOne());
    }

    public Optional<WorkflowRecord> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE id = :id")
                        .bind("id", id)
                        .map(WorkflowRecords::map)
                        .findOne());
    }

    /** A repository's records, by path. */
    public List<WorkflowRecord> list(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE repo_id = :repo ORDER BY path")
                        .bind("repo", repoId)
                        .map(WorkflowRecords::map)
                        .list());
    }

    /** Whether {@code path} was disabled; a file without a record is active. */
    public boolean disabled(long repoId, String path) {
        return find(repoId, path).map(w -> !w.active()).orElse(false);
    }

    /** Sets the state of the record {@code id}. */
    public void setState(long id, String state) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE workflows SET state = :state, updated_at = :now WHERE id = :id")
                        .bind("id", id)
                        .bind("state", state)
                        .bind("now", ctx.now())
                        .execute());
    }

    private static WorkflowRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new WorkflowRecord(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "path"),
                Rows.string(rs, "state"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
