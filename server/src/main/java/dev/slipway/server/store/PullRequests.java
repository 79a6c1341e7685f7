package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Pull requests, numbered per repository from 1. */
public final class PullRequests {
    private static final String COLUMNS = "id, repo_id, number, title, body, author, head_branch, base_branch,"
            + " head_sha, base_sha, state, merged, merged_by, merge_sha, merge_method, auto_merge_method, auto_merge_by,"
            + " created_at, updated_at, closed_at, merged_at";
    private final Ctx ctx;

    PullRequests(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Opens a pull request with the next number of the repository. */
    public PullRequest create(
            long repoId,
            String title,
            String body,
            String author,
            String headBranch,
            String baseBranch,
            String headSha,
            String baseSha) {
        var now = ctx.now();
        long id = ctx.jdbi().inTransaction(h -> {
            var bumped = h.createUpdate(
                            "UPDATE repositories SET next_pull_number = next_pull_number + 1 WHERE id = :repo")
                    .bind("repo", repoId)
                    .execute();
            if (bumped != 1) {
                throw new StoreException("no repository with id " + repoId);
            }
            long number = h.createQuery("SELECT next_pull_number - 1 FROM repositories WHERE id = :repo")
                    .bind("repo", repoId)
                    .mapTo(Long.class)
                    .one();
            return h.createUpdate(
                            "INSERT INTO pull_requests (repo_id, number, title, body, author, head_branch,"
                                    + " base_branch, head_sha, base_sha, state, merged, created_at, updated_at) VALUES (:repo,"
                                    + " :number, :title, :body, :author, :head, :base, :headSha, :baseSha, 'open', FALSE, :now, :now)")
                    .bind("repo", repoId)
                    .bind("number", number)
                    .bind("title", title)
                    .bind("body", body)
                    .bind("author", author)
                    .bind("head", headBranch)
                    .bind("base", baseBranch)
                    .bind("headSha", headSha)
                    .bind("baseSha", baseSha)
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
        });
        return find(id).orElseThrow();
    }

    public Optional<PullRequest> find(long id) {
        return one("id = :v", id);
    }

    /** Pull request {@code number} of a repository. */
    public Optional<PullRequest> find(long repoId, long number) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM pull_requests WHERE repo_id = :repo AND number = :n")
                        .bind("repo", repoId)
                        .bind("n", number)
                        .map(PullRequests::map)
                        .findOne());
    }

    /** A repository's pull requests, newest first; {@code state} is open, closed or empty for all. */
    public List<PullRequest> list(long repoId, Optional<Boolean> open, Page page) {
        var where = open.map(o -> o ? " AND state = 'open'" : " AND state = 'closed'")
                .orElse("");
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pull_requests WHERE repo_id = :repo" + where
                                + " ORDER BY number DESC LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(PullRequests::map)
                        .list());
    }

    /** Open pull requests whose head or base branch is {@code branch}. */
    public List<PullRequest> openTouching(long repoId, String branch) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pull_requests WHERE repo_id = :repo"
                                + " AND state = 'open' AND (head_branch = :b OR base_branch = :b) ORDER BY number")
                        .bind("repo", repoId)
                        .bind("b", branch)
                        .map(PullRequests::map)
                        .list());
    }

    /** Open pull requests with auto-merge enabled, in every repository. */
    public List<PullRequest> openWithAutoMerge() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pull_requests"
                                + " WHERE state = 'open' AND auto_merge_method IS NOT NULL ORDER BY id")
                        .map(PullRequests::map)
                        .list());
    }

    /** Changes title, body and base branch. */
    public void edit(long id, String title, String body, String baseBranch) {
        update(
                "title = :title, body = :body, base_branch = :base",
                id,
                u -> u.bind("title", title).bind("body", body).bind("base", baseBranch));
    }

    /** Records the branches' tips as last seen. */
    public void setShas(long id, String headSha, String baseSha) {
        update(
                "head_sha = :head, base_sha = :base",
                id,
                u -> u.bind("head", headSha).bind("base", baseSha));
    }

    /** Closes (unmerged) or reopens; closing also turns auto-merge off. */
    public void setOpen(long id, boolean open) {
        if (open) {
            update("state = 'open', closed_at = NULL", id, u -> u);
        } else {
            update(
                    "state = 'closed', closed_at = :now, auto_merge_method = NULL, auto_merge_by = NULL",
                    id,
                    u -> u.bind("now", ctx.now()));
        }
    }

    /** Marks a pull request merged and closed; false when it was no longer open (someone else merged it). */
    public boolean markMerged(long id, String by, String mergeSha, String method, String headSha, String baseSha) {
        var now = ctx.now();
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE pull_requests SET state = 'closed', merged = TRUE,"
                                                + " merged_by = :by, merge_sha = :sha, merge_method = :method, head_sha = :head,"
                                                + " base_sha = :base, merged_at = :now, closed_at = :now, updated_at = :now,"
                                                + " auto_merge_method = NULL, auto_merge_by = NULL WHERE id = :id AND state = 'open'")
                                .bind("by", by)
                                .bind("sha", mergeSha)
                                .bind("method", method)
                                .bind("head", headSha)
                                .bind("base", baseSha)
                                .bind("now", now)
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Enables auto-merge with {@code method} by {@code by}, or disables it when empty. */
    public void setAutoMerge(long id, Optional<String> method, String by) {
        update(
                "auto_merge_method = :method, auto_merge_by = :by",
                id,
                u -> u.bindByType("method", Rows.orNull(method), String.class)
                        .bindByType("by", method.isPresent() ? by : null, String.class));
    }

    private void update(
            String set, long id, java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Update> binder) {
        var now = ctx.now();
        ctx.jdbi()
                .useHandle(h -> binder.apply(h.createUpdate(
                                        "UPDATE pull_requests SET " + set + ", updated_at = :updated WHERE id = :id")
                                .bind("updated", now)
                                .bind("id", id))
                        .execute());
    }

    private Optional<PullRequest> one(String where, long value) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pull_requests WHERE " + where)
                        .bind("v", value)
                        .map(PullRequests::map)
                        .findOne());
    }

    private static PullRequest map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PullRequest(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                rs.getLong("number"),
                Rows.string(rs, "title"),
                Rows.string(rs, "body"),
                Rows.string(rs, "author"),
                Rows.string(rs, "head_branch"),
                Rows.string(rs, "base_branch"),
                Rows.string(rs, "head_sha"),
                Rows.string(rs, "base_sha"),
                Rows.string(rs, "state").equals("open"),
                rs.getBoolean("merged"),
                Rows.optString(rs, "merged_by"),
                Rows.optString(rs, "merge_sha"),
                Rows.optString(rs, "merge_method"),
                Rows.optString(rs, "auto_merge_method"),
                Rows.optString(rs, "auto_merge_by"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"),
                Rows.optInstant(rs, "closed_at"),
                Rows.optInstant(rs, "merged_at"));
    }
}
