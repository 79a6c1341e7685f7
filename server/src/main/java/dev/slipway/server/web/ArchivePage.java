package dev.slipway.server.web;

import dev.slipway.git.Repositories;
import dev.slipway.server.releases.SourceArchives;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Source archives at GitHub's web addresses: {@code /{owner}/{repo}/archive/refs/tags/{tag}.tar.gz}, {@code
 * .../refs/heads/{branch}.zip} or {@code .../{ref}.zip}, for the signed-in browser or a client sending the API's
 * {@code Authorization} header, as release assets are.
 */
final class ArchivePage {
    private final Repositories git;
    private final Access access;

    ArchivePage(Repositories git, Access access) {
        this.git = git;
        this.access = access;
    }

    void mount(RoutesConfig routes) {
        routes.get("/{owner}/{repo}/archive/<rest>", this::download);
    }

    private void download(Context ctx) {
        var repo = access.downloadable(ctx, access.downloader(ctx));
        var wanted = SourceArchives.parse(ctx.pathParam("rest")).orElseThrow(NotFound::new);
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var commit = SourceArchives.commit(hosted, wanted.ref())
                    .orElseThrow(() -> new NotFound("No commit found for the ref " + wanted.ref() + "."));
            SourceArchives.send(
                    ctx, hosted, commit, wanted.format(), SourceArchives.webName(repo.name(), wanted.ref()));
        }
    }
}
