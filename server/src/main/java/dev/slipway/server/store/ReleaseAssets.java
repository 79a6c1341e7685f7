package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Files attached to releases: names are unique within a release; the bytes themselves live on disk. */
public final class ReleaseAssets {
    private static final String SELECT = "SELECT a.id, a.release_id, a.name, a.label, a.content_type, a.size_bytes,"
            + " a.digest, a.download_count, a.uploader_id, COALESCE(u.login, a.uploader_login) AS uploader_login, a.path, a.created_at,"
            + " a.updated_at FROM release_assets a LEFT JOIN users u ON u.id = a.uploader_id";
    private final Ctx ctx;

    ReleaseAssets(Ctx ctx) {
        this.ctx = ctx;
    }

    /**
     * Records an asset whose bytes are stored at {@code asset.path()}.
     *
     * @throws StoreException if the release has an asset of that name already
     */
    public ReleaseAsset create(NewAsset asset) {
        var now = ctx.now();
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("INSERT INTO release_assets (release_id, name, label, content_type,"
                                    + " size_bytes, digest, uploader_id, uploader_login, path, created_at, updated_at) VALUES"
                                    + " (:release, :name, :label, :type, :size, :digest, :uploader, :login, :path, :now,"
                                    + " :now)")
                            .bind("release", asset.releaseId())
                            .bind("name", asset.name())
                            .bindByType("label", Rows.orNull(asset.label()), String.class)
                            .bind("type", asset.contentType())
                            .bind("size", asset.size())
                            .bind("digest", asset.digest())
                            .bindByType("uploader", Rows.orNull(asset.uploaderId()), Long.class)
                            .bindByType("login", Rows.orNull(asset.uploaderLogin()), String.class)
                            .bind("path", asset.path())
                            .bind("now", now)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            throw duplicateName(e, asset.name());
        }
    }

    public Optional<ReleaseAsset> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE a.id = :id")
                        .bind("id", id)
                        .map(ReleaseAssets::map)
                        .findOne());
    }

    /** A release's assets in the order they were uploaded. */
    public List<ReleaseAsset> list(long releaseId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE a.release_id = :release ORDER BY a.created_at, a.id")
                        .bind("release", releaseId)
                        .map(ReleaseAssets::map)
                        .list());
    }

    /**
     * Renames and relabels an asset.
     *
     * @return the asset as it is now, empty when there is no asset {@code id}
     * @throws StoreException if another asset of the release has the new name
     */
    public Optional<ReleaseAsset> update(long id, String name, Optional<String> label) {
        try {
            int changed = ctx.jdbi()
                    .withHandle(h -> h.createUpdate(
                                    "UPDATE release_assets SET name = :name, label = :label, updated_at = :now"
                                            + " WHERE id = :id")
                            .bind("id", id)
                            .bind("name", name)
                            .bindByType("label", Rows.orNull(label), String.class)
                            .bind("now", ctx.now())
                            .execute());
            return changed == 1 ? find(id) : Optional.empty();
        } catch (RuntimeException e) {
            throw duplicateName(e, name);
        }
    }

    /** Counts one download of an asset. */
    public void countDownload(long id) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate(
                                "UPDATE release_assets SET download_count = download_count + 1 WHERE id = :id")
                        .bind("id", id)
                        .execute());
    }

    /** Deletes an asset's row (its file is the caller's to remove). */
    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM release_assets WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    private static RuntimeException duplicateName(RuntimeException e, String name) {
        if (Rows.uniqueViolation(e)) {
            return new StoreException("the release has an asset named '" + name + "' already", e);
        }
        return e;
    }

    private static ReleaseAsset map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ReleaseAsset(
                rs.getLong("id"),
                rs.getLong("release_id"),
                Rows.string(rs, "name"),
                Rows.optString(rs, "label"),
                Rows.string(rs, "content_type"),
                rs.getLong("size_bytes"),
                Rows.string(rs, "digest"),
                rs.getLong("download_count"),
                Optional.ofNullable(rs.getObject("uploader_id", Long.class)),
                Rows.optString(rs, "uploader_login"),
                Rows.string(rs, "path"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
