package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Releases of repositories: a tag has at most one release per repository; drafts have no publication time. */
public final class Releases {
    private static final String SELECT = "SELECT r.id, r.repo_id, r.tag_name, r.target_commitish, r.name, r.body,"
            + " r.draft, r.prerelease, r.author_id, COALESCE(u.login, r.author_login) AS author_login, r.created_at, r.published_at"
            + " FROM releases r LEFT JOIN users u ON u.id = r.author_id";
    private static final String NEWEST_FIRST = " ORDER BY r.created_at DESC, r.id DESC";
    private final Ctx ctx;

    Releases(Ctx ctx) {
        this.ctx = ctx;
    }

    /**
     * Records a release, published now unless it is a draft.
     *
     * @throws StoreException if the repository has a release of that tag already
     */
    public Release create(long repoId, ReleaseFields fields, Optional<Long> authorId) {
        return create(repoId, fields, authorId, Optional.empty());
    }

    /** As above, keeping the author's login too (the only trace of an author without a user row: a job's token). */
    public Release create(long repoId, ReleaseFields fields, Optional<Long> authorId, Optional<String> authorLogin) {
        var now = ctx.now();
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("INSERT INTO releases (repo_id, tag_name, target_commitish, name,"
                                    + " body, draft, prerelease, author_id, author_login, created_at, published_at) VALUES (:repo, :tag,"
                                    + " :target, :name, :body, :draft, :prerelease, :author, :login, :now, :published)")
                            .bind("repo", repoId)
                            .bindMap(bindings(fields))
                            .bindByType("name", Rows.orNull(fields.name()), String.class)
                            .bindByType("body", Rows.orNull(fields.body()), String.class)
                            .bindByType("author", Rows.orNull(authorId), Long.class)
                            .bindByType("login", Rows.orNull(authorLogin), String.class)
                            .bind("now", now)
                            .bindByType("published", fields.draft() ? null : now, Instant.class)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            throw duplicateTag(e, fields.tagName());
        }
    }

    /**
     * Replaces what a client sets; publishing a draft stamps it published now, a published release keeps its time.
     *
     * @return the release as it is now, empty when there is no release {@code id}
     * @throws StoreException if another release of the repository has the new tag
     */
    public Optional<Release> update(long id, ReleaseFields fields) {
        try {
            int changed = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("UPDATE releases SET tag_name = :tag, target_commitish = :target,"
                                    + " name = :name, body = :body, draft = :draft, prerelease = :prerelease,"
                                    + " published_at = CASE WHEN :draft THEN NULL ELSE COALESCE(published_at, :now) END"
                                    + " WHERE id = :id")
                            .bind("id", id)
                            .bindMap(bindings(fields))
                            .bindByType("name", Rows.orNull(fields.name()), String.class)
                            .bindByType("body", Rows.orNull(fields.body()), String.class)
                            .bind("now", ctx.now())
                            .execute());
            return changed == 1 ? find(id) : Optional.empty();
        } catch (RuntimeException e) {
            throw duplicateTag(e, fields.tagName());
        }
    }

    public Optional<Release> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE r.id = :id")
                        .bind("id", id)
                        .map(Releases::map)
                        .findOne());
    }

    /** The release of a tag, draft or not. */
    public Optional<Release> findByTag(long repoId, String tagName) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE r.repo_id = :repo AND r.tag_name = :tag")
                        .bind("repo", repoId)
                        .bind("tag", tagName)
                        .map(Releases::map)
                        .findOne());
    }

    /** A repository's releases, newest first, drafts only when {@code drafts}. */
    public List<Release> list(long repoId, boolean drafts, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE r.repo_id = :repo"
                                + (drafts ? "" : " AND r.draft = FALSE") + NEWEST_FIRST
                                + " LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Releases::map)
                        .list());
    }

    /** GitHub's latest release: the newest one that is neither a draft nor a prerelease. */
    public Optional<Release> latest(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT
                                + " WHERE r.repo_id = :repo AND r.draft = FALSE AND r.prerelease = FALSE" + NEWEST_FIRST
                                + " LIMIT 1")
                        .bind("repo", repoId)
                        .map(Releases::map)
                        .findOne());
    }

    /** Deletes a release and the rows of its assets (their files are the caller's to remove). */
    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM releases WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** The fields that are never null, by parameter name. */
    private static Map<String, Object> bindings(ReleaseFields fields) {
        return Map.of(
                "tag", fields.tagName(),
                "target", fields.targetCommitish(),
                "draft", fields.draft(),
                "prerelease", fields.prerelease());
    }

    private static RuntimeException duplicateTag(RuntimeException e, String tagName) {
        if (Rows.uniqueViolation(e)) {
            return new StoreException("the repository has a release of tag '" + tagName + "' already", e);
        }
        return e;
    }

    private static Release map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Release(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "tag_name"),
                Rows.string(rs, "target_commitish"),
                Rows.optString(rs, "name"),
                Rows.optString(rs, "body"),
                rs.getBoolean("draft"),
                rs.getBoolean("prerelease"),
                Optional.ofNullable(rs.getObject("author_id", Long.class)),
                Rows.optString(rs, "author_login"),
                Rows.instant(rs, "created_at"),
                Rows.optInstant(rs, "published_at"));
    }
}
