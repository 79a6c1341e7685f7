package dev.slipway.server.web;

import dev.slipway.git.GitException;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.releases.ReleaseLinks;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's releases, newest first (drafts for writers only), one release's page, and the downloads of their
 * assets at GitHub's {@code browser_download_url}: {@code /{owner}/{repo}/releases/download/{tag}/{name}}, for the
 * signed-in browser or a client sending the API's {@code Authorization} header.
 */
final class ReleasesPage {
    private final Database db;
    private final Repositories git;
    private final Access access;
    private final Permissions permissions;
    private final ReleaseFiles files;
    private final Templates templates;

    ReleasesPage(
            Database db,
            Repositories git,
            Access access,
            Permissions permissions,
            ReleaseFiles files,
            Templates templates) {
        this.db = db;
        this.git = git;
        this.access = access;
        this.permissions = permissions;
        this.files = files;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get("/{owner}/{repo}/releases", ctx -> show(ctx, Optional.empty()));
        routes.get("/{owner}/{repo}/releases/tag/<tag>", ctx -> show(ctx, Optional.of(ctx.pathParam("tag"))));
        routes.get("/{owner}/{repo}/releases/download/<rest>", this::download);
    }

    private void show(Context ctx, Optional<String> tag) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        boolean writer = access.canWrite(seen);
        var releases = (tag.isPresent()
                        ? db.releases().findByTag(repo.id(), tag.get()).stream().toList()
                        : db.releases().list(repo.id(), writer, Page.first(Page.MAX_SIZE)))
                .stream().filter(r -> writer || !r.draft()).toList();
        if (tag.isPresent() && releases.isEmpty()) {
            throw new NotFound();
        }
        var latest = db.releases().latest(repo.id()).map(Release::id).orElse(-1L);
        var now = Instant.now();
        List<Model.ReleaseRow> rows;
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            rows = releases.stream()
                    .map(r -> row(r, repo, hosted, r.id() == latest, now))
                    .toList();
        }
        var title = tag.map(t -> releases.getFirst().name().orElse(t)).orElse("Releases");
        templates.page(
                ctx,
                "releases.jte",
                Map.of(
                        "chrome",
                        Access.chrome(title + " · " + repo.fullName(), seen.visitor()),
                        "view",
                        new Model.ReleasesView(repo.fullName(), tag.isPresent(), rows)));
    }

    private Model.ReleaseRow row(Release r, Repo repo, HostedRepo hosted, boolean latest, Instant now) {
        var commit = commit(hosted, "refs/tags/" + r.tagName())
                .or(() -> r.draft() ? commit(hosted, r.targetCommitish()) : Optional.empty())
                .orElse("");
        var assets = db.releaseAssets().list(r.id()).stream()
                .map(a -> new Model.AssetRow(
                        a.name(),
                        a.label().orElse(""),
                        RepoPages.size(a.size()),
                        ReleaseLinks.download(repo.fullName(), r.tagName(), a.name()),
                        a.downloadCount()))
                .toList();
        return new Model.ReleaseRow(
                r.name().filter(n -> !n.isBlank()).orElse(r.tagName()),
                r.tagName(),
                ReleaseLinks.page(repo.fullName(), r.tagName()),
                commit,
                commit.isEmpty() ? "" : commit.substring(0, 7),
                r.authorLogin().orElse(""),
                Times.ago(r.published().orElse(r.created()), now),
                r.draft(),
                r.prerelease(),
                latest,
                r.body().filter(b -> !b.isBlank()).map(Markdown::toHtml).orElse(""),
                assets,
                // as GitHub, a published release offers its tag's source; a draft's tag may not exist yet
                r.draft()
                        ? Optional.empty()
                        : Optional.of(CodeModel.Archives.of(repo.fullName(), "refs/tags/" + r.tagName())));
    }

    private static Optional<String> commit(HostedRepo hosted, String rev) {
        try {
            return hosted.resolve(rev);
        } catch (GitException e) {
            return Optional.empty();
        }
    }

    /** An asset's bytes; 404 when the caller may not see the repository or the release is a draft they cannot. */
    private void download(Context ctx) {
        var who = access.downloader(ctx);
        var repo = access.downloadable(ctx, who);
        var rest = ctx.pathParam("rest");
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            throw new NotFound();
        }
        var name = rest.substring(slash + 1);
        var release = db.releases()
                .findByTag(repo.id(), rest.substring(0, slash))
                .filter(r -> !r.draft() || permissions.allows(who, repo, Role.WRITE))
                .orElseThrow(NotFound::new);
        var asset = db.releaseAssets().list(release.id()).stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(NotFound::new);
        db.releaseAssets().countDownload(asset.id());
        try {
            ctx.header("Content-Disposition", "attachment; filename=\"" + asset.name() + "\"");
            ctx.header("Content-Length", Long.toString(asset.size()));
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType(asset.contentType()).result(files.open(asset));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read release asset " + asset.id(), e);
        }
    }
}
