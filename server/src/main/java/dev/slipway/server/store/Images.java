package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * The catalogue of registry images under hosted repositories: which manifests exist, their tags, the commit and run
 * they came from, and each repository's immutable tag patterns. Written by the registry listener, read by the Images
 * page and API.
 */
public final class Images {
    private static final String COLUMNS = "i.id, i.repo_id, i.name, i.digest, i.media_type, i.size_bytes, i.platforms,"
            + " i.revision, i.run_id, r.run_number, i.pusher, i.pushed_at";
    private static final String FROM = " FROM images i LEFT JOIN workflow_runs r ON r.id = i.run_id";

    private final Ctx ctx;

    Images(Ctx ctx) {
        this.ctx = ctx;
    }

    /** What a push tells about a manifest. */
    public record Pushed(
            long repoId,
            String name,
            String digest,
            String mediaType,
            long size,
            List<String> platforms,
            Optional<String> revision,
            Optional<String> pusher,
            List<String> parts,
            Optional<Long> runId) {}

    /**
     * Records a pushed manifest (again: a second push of the same digest refreshes its facts), tags it when {@code tag}
     * is present, and marks the manifests of an index as its parts so lists show the index alone.
     *
     * @return the image's id
     */
    public long record(Pushed pushed, Optional<String> tag) {
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            // the run that pushed it when a job's token did, else the newest run of the commit it was built from
            Optional<Long> run = pushed.runId()
                    .or(() -> pushed.revision()
                            .flatMap(sha -> h.createQuery(
                                            "SELECT id FROM workflow_runs WHERE repo_id = :repo AND sha = :sha"
                                                    + " ORDER BY id DESC LIMIT 1")
                                    .bind("repo", pushed.repoId())
                                    .bind("sha", sha)
                                    .mapTo(Long.class)
                                    .findFirst()));
            var existing = h.createQuery("SELECT id FROM images WHERE name = :name AND digest = :digest")
                    .bind("name", pushed.name())
                    .bind("digest", pushed.digest())
                    .mapTo(Long.class)
                    .findFirst();
            long id;
            if (existing.isPresent()) {
                id = existing.get();
                facts(
                                h.createUpdate("UPDATE images SET size_bytes = :size, platforms = :platforms,"
                                        + " revision = :revision, run_id = :run, pusher = :pusher, pushed_at = :now"
                                        + " WHERE id = :id"),
                                pushed,
                                run,
                                now)
                        .bind("id", id)
                        .execute();
            } else {
                id = facts(
                                h.createUpdate("INSERT INTO images (repo_id, name, digest, media_type, size_bytes,"
                                        + " platforms, revision, run_id, pusher, pushed_at) VALUES (:repo, :name,"
                                        + " :digest, :type, :size, :platforms, :revision, :run, :pusher, :now)"),
                                pushed,
                                run,
                                now)
                        .bind("repo", pushed.repoId())
                        .bind("name", pushed.name())
                        .bind("digest", pushed.digest())
                        .bind("type", pushed.mediaType())
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
            }
            if (!pushed.parts().isEmpty()) {
                h.createUpdate("UPDATE images SET part_of = :index WHERE name = :name AND digest IN (<parts>)")
                        .bind("index", pushed.digest())
                        .bind("name", pushed.name())
                        .bindList("parts", pushed.parts())
                        .execute();
            }
            if (tag.isPresent()) {
                untag(h, pushed.name(), tag.get());
                h.createUpdate(
                                "INSERT INTO image_tags (name, tag, image_id, tagged_at) VALUES (:name, :tag, :id, :now)")
                        .bind("name", pushed.name())
                        .bind("tag", tag.get())
                        .bind("id", id)
                        .bind("now", now)
                        .execute();
            }
            return id;
        });
    }

    /** Removes a tag; the image stays. */
    public void untag(String name, String tag) {
        ctx.jdbi().useHandle(h -> untag(h, name, tag));
    }

    /** Removes an image and its tags. */
    public void delete(String name, String digest) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("DELETE FROM images WHERE name = :name AND digest = :digest")
                        .bind("name", name)
                        .bind("digest", digest)
                        .execute());
    }

    /** A repository's images that are not part of an index, newest push first, with their tags. */
    public List<Image> list(long repoId, Page page) {
        return ctx.jdbi().withHandle(h -> {
            var rows = h.createQuery("SELECT " + COLUMNS + FROM
                            + " WHERE i.repo_id = :repo AND i.part_of IS NULL"
                            + " ORDER BY i.pushed_at DESC, i.id DESC LIMIT :limit OFFSET :offset")
                    .bind("repo", repoId)
                    .bind("limit", page.size())
                    .bind("offset", page.offset())
                    .map(Images::map)
                    .list();
            if (rows.isEmpty()) {
                return rows;
            }
            Map<Long, List<String>> tags = new HashMap<>();
            h.createQuery("SELECT image_id, tag FROM image_tags WHERE image_id IN (<ids>) ORDER BY tag")
                    .bindList("ids", rows.stream().map(Image::id).toList())
                    .map((rs, c) -> Map.entry(rs.getLong("image_id"), Rows.string(rs, "tag")))
                    .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue()));
            return rows.stream()
                    .map(i -> new Image(
                            i.id(),
                            i.repoId(),
                            i.name(),
                            i.digest(),
                            i.mediaType(),
                            i.size(),
                            i.platforms(),
                            i.revision(),
                            i.run(),
                            i.pusher(),
                            i.pushedAt(),
                            tags.getOrDefault(i.id(), List.of())))
                    .toList();
        });
    }

    /** The immutable tag patterns of a repository ({@code v*}), sorted. */
    public List<String> immutablePatterns(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT pattern FROM immutable_tag_rules WHERE repo_id = :repo ORDER BY pattern")
                        .bind("repo", repoId)
                        .mapTo(String.class)
                        .list());
    }

    /** Replaces a repository's immutable tag patterns. */
    public void setImmutablePatterns(long repoId, List<String> patterns) {
        ctx.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM immutable_tag_rules WHERE repo_id = :repo")
                    .bind("repo", repoId)
                    .execute();
            for (var pattern : patterns.stream().distinct().toList()) {
                h.createUpdate("INSERT INTO immutable_tag_rules (repo_id, pattern) VALUES (:repo, :pattern)")
                        .bind("repo", repoId)
                        .bind("pattern", pattern)
                        .execute();
            }
        });
    }

    /** Binds what every push refreshes: size, platforms, revision, run, pusher and time. */
    private static Update facts(Update update, Pushed pushed, Optional<Long> run, Instant now) {
        return update.bind("size", pushed.size())
                .bind("platforms", String.join(",", pushed.platforms()))
                .bindByType("revision", Rows.orNull(pushed.revision()), String.class)
                .bindByType("run", run.orElse(null), Long.class)
                .bindByType("pusher", Rows.orNull(pushed.pusher()), String.class)
                .bind("now", now);
    }

    private static void untag(Handle h, String name, String tag) {
        h.createUpdate("DELETE FROM image_tags WHERE name = :name AND tag = :tag")
                .bind("name", name)
                .bind("tag", tag)
                .execute();
    }

    private static Image map(ResultSet rs, StatementContext ctx) throws SQLException {
        var platforms = Rows.string(rs, "platforms");
        long runId = rs.getLong("run_id");
        Optional<Image.RunRef> run =
                rs.wasNull() ? Optional.empty() : Optional.of(new Image.RunRef(runId, rs.getLong("run_number")));
        return new Image(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "name"),
                Rows.string(rs, "digest"),
                Rows.string(rs, "media_type"),
                rs.getLong("size_bytes"),
                platforms.isEmpty() ? List.of() : Arrays.asList(platforms.split(",")),
                Rows.optString(rs, "revision"),
                run,
                Rows.optString(rs, "pusher"),
                Rows.instant(rs, "pushed_at"),
                List.of());
    }
}
