package dev.slipway.server.web;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Image;
import dev.slipway.server.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A repository's registry images: tags, digests, sizes, platforms and the commit and run each came from. */
final class ImagesPage {
    private final Database db;
    private final Access access;
    private final Templates templates;
    private final Optional<String> publicUrl;

    ImagesPage(Database db, Access access, Templates templates, Optional<String> publicUrl) {
        this.db = db;
        this.access = access;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    void mount(RoutesConfig routes) {
        routes.get("/{owner}/{repo}/images", this::images);
    }

    private void images(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var now = Instant.now();
        var base = publicUrl.orElseGet(() -> ctx.scheme() + "://" + ctx.host()).replaceAll("/+$", "");
        var host = base.substring(base.indexOf("://") + 3);
        var rows = db.images().list(repo.id(), Page.first(Page.MAX_SIZE)).stream()
                .map(i -> row(i, repo.fullName(), now))
                .toList();
        var view = new Model.ImagesView(
                repo.fullName(),
                host + "/" + repo.fullName().toLowerCase(java.util.Locale.ROOT),
                host,
                db.images().immutablePatterns(repo.id()),
                rows);
        templates.page(
                ctx,
                "images.jte",
                Map.of("chrome", Access.chrome("Images · " + repo.fullName(), seen.visitor()), "view", view));
    }

    private static Model.ImageRow row(Image image, String fullName, Instant now) {
        var hex = image.digest().substring(image.digest().indexOf(':') + 1);
        return new Model.ImageRow(
                image.name(),
                image.tags(),
                image.digest(),
                image.digest().substring(0, image.digest().indexOf(':') + 1)
                        + hex.substring(0, Math.min(12, hex.length())),
                RepoPages.size(image.size()),
                String.join(", ", image.platforms()),
                image.revision().orElse(""),
                image.revision().map(r -> r.substring(0, 7)).orElse(""),
                image.run().map(r -> "/" + fullName + "/actions/runs/" + r.id()).orElse(""),
                image.run().map(r -> "#" + r.number()).orElse(""),
                image.pusher().orElse(""),
                Times.ago(image.pushedAt(), now));
    }
}
