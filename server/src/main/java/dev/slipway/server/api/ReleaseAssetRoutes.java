package dev.slipway.server.api;

import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.ReleaseAsset;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.StoreException;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Assets of releases, as GitHub's: uploaded as the raw request body to the release's {@code upload_url} (GitHub's
 * uploads host is this server), described as JSON, or downloaded with {@code Accept: application/octet-stream}.
 */
final class ReleaseAssetRoutes {
    private static final String ASSET = ReleaseRoutes.RELEASES + "/assets/{asset}";
    private static final int MAX_NAME = 255;
    /** What GitHub keeps of an asset's name; anything else becomes a period. */
    private static final Pattern UNSUPPORTED = Pattern.compile("[^A-Za-z0-9._+@-]");

    private final Services s;

    ReleaseAssetRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(ASSET, this::one);
        routes.patch(ASSET, this::edit);
        routes.delete(ASSET, this::delete);
        routes.get(ReleaseRoutes.RELEASES + "/{id}/assets", this::list);
        routes.post(ReleaseRoutes.RELEASES + "/{id}/assets", this::upload);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var release = release(ctx, repo);
        var page = Requests.page(ctx);
        var links = s.links(ctx);
        ctx.json(s.db().releaseAssets().list(release.id()).stream()
                .skip(page.offset())
                .limit(page.size())
                .map(a -> ReleaseViews.asset(a, release, repo, links))
                .toList());
    }

    /** GitHub's "upload a release asset": {@code ?name=} (required) and {@code ?label=}, the bytes as the body. */
    private void upload(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var release = release(ctx, repo);
        var name = name(Optional.ofNullable(ctx.queryParam("name"))
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> ApiError.invalid("'name' is required: the asset's file name, as ?name=...")));
        var label = Optional.ofNullable(ctx.queryParam("label"))
                .filter(l -> !l.isBlank())
                .map(l -> Requests.limited("label", l, MAX_NAME));
        var type = Optional.ofNullable(ctx.contentType())
                .filter(t -> !t.isBlank())
                .map(t -> Requests.limited("Content-Type", t, MAX_NAME))
                .orElse("application/octet-stream");
        if (ctx.req().getContentLengthLong() > ReleaseFiles.MAX_SIZE) {
            throw ApiError.invalid("The asset is too large: at most " + ReleaseFiles.MAX_SIZE + " bytes (2 GiB)");
        }
        var asset = unique(release, 0, name, () -> store(ctx, release, name, label, type, user));
        ctx.status(201).json(ReleaseViews.asset(asset, release, repo, s.links(ctx)));
    }

    private ReleaseAsset store(
            Context ctx, Release release, String name, Optional<String> label, String type, User uploader) {
        try {
            return s.releases()
                    .upload(
                            release,
                            name,
                            label,
                            type,
                            ctx.bodyInputStream(),
                            Requests.storedId(uploader),
                            Optional.of(uploader.login()));
        } catch (ReleaseFiles.TooLarge e) {
            throw ApiError.invalid("The asset is too large: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store asset '" + name + "' of release " + release.id(), e);
        }
    }

    /** The asset as JSON, or its bytes when the client accepts {@code application/octet-stream}. */
    private void one(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var asset = asset(ctx, repo);
        var release = s.db().releases().find(asset.releaseId()).orElseThrow(ApiError::notFound);
        var accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (accept.contains("application/octet-stream")) {
            s.db().releaseAssets().countDownload(asset.id());
            try {
                ctx.header("Content-Disposition", "attachment; filename=\"" + asset.name() + "\"");
                ctx.header("Content-Length", Long.toString(asset.size()));
                ctx.contentType(asset.contentType()).result(s.releases().open(asset));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read release asset " + asset.id(), e);
            }
            return;
        }
        ctx.json(ReleaseViews.asset(asset, release, repo, s.links(ctx)));
    }

    /** Renames or relabels an asset ({@code "label": null} removes the label). */
    private void edit(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var asset = asset(ctx, repo);
        var release = s.db().releases().find(asset.releaseId()).orElseThrow(ApiError::notFound);
        var body = Requests.body(ctx);
        var name =
                Requests.optString(body, "name").map(ReleaseAssetRoutes::name).orElse(asset.name());
        var label = body.has("label") ? Requests.optString(body, "label", MAX_NAME) : asset.label();
        var updated = unique(
                release,
                asset.id(),
                name,
                () -> s.db().releaseAssets().update(asset.id(), name, label).orElseThrow(ApiError::notFound));
        ctx.json(ReleaseViews.asset(updated, release, repo, s.links(ctx)));
    }

    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        s.releases().delete(asset(ctx, repo));
        ctx.status(204);
    }

    private Release release(Context ctx, Repo repo) {
        return ReleaseRoutes.visible(s, ctx, repo, s.db().releases().find(Requests.longPath(ctx, "id")));
    }

    /** The asset of the path, if its release is the repository's and the caller may see it. */
    private ReleaseAsset asset(Context ctx, Repo repo) {
        var asset = s.db().releaseAssets().find(Requests.longPath(ctx, "asset")).orElseThrow(ApiError::notFound);
        ReleaseRoutes.visible(s, ctx, repo, s.db().releases().find(asset.releaseId()));
        return asset;
    }

    /**
     * Runs {@code store} unless the release has an asset named {@code name} other than asset {@code self}, answering
     * GitHub's {@code already_exists} then (also when a concurrent upload of the name wins).
     */
    private <T> T unique(Release release, long self, String name, Supplier<T> store) {
        if (taken(release, self, name)) {
            throw alreadyExists(name);
        }
        try {
            return store.get();
        } catch (StoreException e) {
            if (taken(release, self, name)) {
                throw alreadyExists(name);
            }
            throw e;
        }
    }

    private boolean taken(Release release, long self, String name) {
        return s.db().releaseAssets().list(release.id()).stream()
                .anyMatch(a -> a.id() != self && a.name().equals(name));
    }

    private static ApiError alreadyExists(String name) {
        return ApiError.alreadyExists("ReleaseAsset", "name", "the release has an asset named '" + name + "' already");
    }

    /**
     * An asset's name as GitHub keeps it: characters other than letters, digits and {@code . _ + @ -} become periods,
     * and leading and trailing periods go.
     */
    static String name(String given) {
        var name = UNSUPPORTED.matcher(given).replaceAll(".").replaceAll("^\\.+|\\.+$", "");
        if (name.isEmpty()) {
            throw ApiError.invalid("'name' has no letter or digit a file name can keep: '" + given + "'");
        }
        return Requests.limited("name", name, MAX_NAME);
    }
}
