package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Commit statuses, GitHub shaped: an append-only log per commit and context. */
public final class Statuses {
    private static final String COLUMNS =
            "id, repo_id, sha, context, state, description, target_url, creator, created_at";
    private final Ctx ctx;

    Statuses(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Posts a status; {@code context} is usually {@code default} when the caller gives none. */
    public CommitStatus create(
            long repoId,
            String sha,
            StatusState state,
            String context,
            Optional<String> description,
            Optional<String> targetUrl,
            String creator) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO commit_statuses (repo_id, sha, context, state,"
                                + " description, target_url, creator, created_at)"
                                + " VALUES (:repo, :sha, :context, :state, :description, :url, :creator, :now)")
                        .bind("repo", repoId)
                        .bind("sha", sha)
                        .bind("context", context)
                        .bind("state", Rows.code(state))
                        .bindByType("description", Rows.orNull(description), String.class)
                        .bindByType("url", Rows.orNull(targetUrl), String.class)
                        .bind("creator", creator)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return new CommitStatus(id, repoId, sha, context, state, description, targetUrl, creator, now);
    }

    /** All statuses of a commit, newest first. */
    public List<CommitStatus> list(long repoId, String sha, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM commit_statuses"
                                + " WHERE repo_id = :repo AND sha = :sha ORDER BY id DESC LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("sha", sha)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Statuses::map)
                        .list());
    }

    /** The newest status of each context and the state they add up to. */
    public CombinedStatus combined(long repoId, String sha) {
        var latest = ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM commit_statuses WHERE id IN"
                                + " (SELECT MAX(id) FROM commit_statuses WHERE repo_id = :repo AND sha = :sha GROUP BY context)"
                                + " ORDER BY context")
                        .bind("repo", repoId)
                        .bind("sha", sha)
                        .map(Statuses::map)
                        .list());
        return CombinedStatus.of(latest);
    }

    private static CommitStatus map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CommitStatus(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "sha"),
                Rows.string(rs, "context"),
                Rows.decode(StatusState.class, Rows.string(rs, "state")),
                Rows.optString(rs, "description"),
                Rows.optString(rs, "target_url"),
                Rows.string(rs, "creator"),
                Rows.instant(rs, "created_at"));
    }
}
