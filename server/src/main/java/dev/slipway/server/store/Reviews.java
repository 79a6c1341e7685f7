package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Reviews of pull requests and their comments (conversation and line comments). */
public final class Reviews {
    private static final String COMMENT_COLUMNS =
            "id, pull_id, author, body, path, line, commit_sha, review_id, created_at, updated_at";
    private final Ctx ctx;

    Reviews(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Submits a review of the pull request's commit {@code commitSha}. */
    public Review create(long pullId, String author, ReviewState state, String body, String commitSha) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO pull_reviews (pull_id, author, state, body, commit_sha,"
                                + " created_at) VALUES (:pull, :author, :state, :body, :sha, :now)")
                        .bind("pull", pullId)
                        .bind("author", author)
                        .bind("state", Rows.code(state))
                        .bind("body", body)
                        .bind("sha", commitSha)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return new Review(id, pullId, author, state, body, commitSha, now);
    }

    /** The reviews of a pull request, oldest first. */
    public List<Review> list(long pullId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, pull_id, author, state, body, commit_sha, created_at"
                                + " FROM pull_reviews WHERE pull_id = :pull ORDER BY id")
                        .bind("pull", pullId)
                        .map(Reviews::mapReview)
                        .list());
    }

    /** Dismisses the approvals given at another commit than {@code headSha}; returns how many. */
    public int dismissStaleApprovals(long pullId, String headSha) {
        return ctx.jdbi()
                .withHandle(h -> h.createUpdate("UPDATE pull_reviews SET state = 'dismissed' WHERE pull_id = :pull"
                                + " AND state = 'approved' AND commit_sha <> :sha")
                        .bind("pull", pullId)
                        .bind("sha", headSha)
                        .execute());
    }

    /** Adds a comment; a line comment has {@code path}, {@code line} and the commit it was made on. */
    public PullComment comment(
            long pullId,
            String author,
            String body,
            Optional<String> path,
            Optional<Integer> line,
            Optional<String> commitSha,
            Optional<Long> reviewId) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO pull_comments (pull_id, author, body, path, line,"
                                + " commit_sha, review_id, created_at, updated_at) VALUES (:pull, :author, :body, :path,"
                                + " :line, :sha, :review, :now, :now)")
                        .bind("pull", pullId)
                        .bind("author", author)
                        .bind("body", body)
                        .bindByType("path", Rows.orNull(path), String.class)
                        .bindByType("line", Rows.orNull(line), Integer.class)
                        .bindByType("sha", Rows.orNull(commitSha), String.class)
                        .bindByType("review", Rows.orNull(reviewId), Long.class)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return new PullComment(id, pullId, author, body, path, line, commitSha, reviewId, now, now);
    }

    /** Conversation comments ({@code onLines} false) or line comments (true), oldest first. */
    public List<PullComment> comments(long pullId, boolean onLines) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COMMENT_COLUMNS + " FROM pull_comments WHERE pull_id = :pull"
                                + (onLines ? " AND path IS NOT NULL" : " AND path IS NULL") + " ORDER BY id")
                        .bind("pull", pullId)
                        .map(Reviews::mapComment)
                        .list());
    }

    private static Review mapReview(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Review(
                rs.getLong("id"),
                rs.getLong("pull_id"),
                Rows.string(rs, "author"),
                Rows.decode(ReviewState.class, Rows.string(rs, "state")),
                Rows.string(rs, "body"),
                Rows.string(rs, "commit_sha"),
                Rows.instant(rs, "created_at"));
    }

    private static PullComment mapComment(ResultSet rs, StatementContext ctx) throws SQLException {
        int line = rs.getInt("line");
        Optional<Integer> optLine = rs.wasNull() ? Optional.empty() : Optional.of(line);
        long review = rs.getLong("review_id");
        Optional<Long> optReview = rs.wasNull() ? Optional.empty() : Optional.of(review);
        return new PullComment(
                rs.getLong("id"),
                rs.getLong("pull_id"),
                Rows.string(rs, "author"),
                Rows.string(rs, "body"),
                Rows.optString(rs, "path"),
                optLine,
                Rows.optString(rs, "commit_sha"),
                optReview,
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
