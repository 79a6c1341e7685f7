package dev.slipway.server.web;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.git.TreeEntry;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The repository list and a repository's page: branches, latest commits, files and README at the default branch. */
final class RepoPages {
    private static final int COMMITS = 10;

    private final Database db;
    private final Repositories git;
    private final Access access;
    private final Templates templates;
    private final Optional<String> publicUrl;

    RepoPages(Database db, Repositories git, Access access, Templates templates, Optional<String> publicUrl) {
        this.db = db;
        this.git = git;
        this.access = access;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    void mount(RoutesConfig routes) {
        routes.get("/", this::home);
        routes.get("/{owner}/{repo}", this::repo);
    }

    private void home(Context ctx) {
        var visitor = access.visitor(ctx);
        var now = Instant.now();
        var repos = db.repos().listVisibleTo(visitor.user().map(User::id), Page.first(Page.MAX_SIZE)).stream()
                .map(r -> new Model.RepoCard(r.fullName(), r.description(), r.isPrivate(), Times.ago(r.created(), now)))
                .toList();
        templates.page(ctx, "home.jte", Map.of("chrome", Access.chrome("Repositories", visitor), "repos", repos));
    }

    private void repo(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var view = view(repo, hosted, cloneUrl(ctx, repo));
            templates.page(
                    ctx, "repo.jte", Map.of("chrome", Access.chrome(repo.fullName(), seen.visitor()), "repo", view));
        }
    }

    private static Model.RepoView view(Repo repo, HostedRepo hosted, String cloneUrl) {
        var branch = hosted.defaultBranch();
        if (hosted.isEmpty() || hosted.resolve(branch).isEmpty()) {
            return new Model.RepoView(
                    repo.fullName(),
                    repo.description(),
                    repo.isPrivate(),
                    cloneUrl,
                    branch,
                    true,
                    List.of(),
                    List.of(),
                    List.of(),
                    Optional.empty());
        }
        var now = Instant.now();
        var branches = hosted.branches().stream()
                .map(b -> new Model.BranchRow(
                        b.name(),
                        b.subject(),
                        Times.ago(b.committed().toInstant(), now),
                        b.name().equals(branch)))
                .toList();
        var commits = hosted.log(branch, 0, COMMITS).commits().stream()
                .map(c -> new Model.CommitRow(
                        c.sha(),
                        c.sha().substring(0, 7),
                        c.subject(),
                        c.author().name(),
                        Times.ago(c.author().when().toInstant(), now)))
                .toList();
        var entries = hosted.tree(branch, "").orElse(List.of()).stream()
                .map(e -> new Model.EntryRow(
                        e.name(),
                        e.type() == TreeEntry.Type.DIRECTORY,
                        e.size().isPresent() ? size(e.size().getAsLong()) : ""))
                .toList();
        var readme = hosted.readme(branch, "")
                .flatMap(b -> b.text()
                        .map(t -> b.path().toLowerCase(java.util.Locale.ROOT).endsWith(".md")
                                ? Markdown.toHtml(t)
                                : "<pre>" + Html.escape(t) + "</pre>"));
        return new Model.RepoView(
                repo.fullName(),
                repo.description(),
                repo.isPrivate(),
                cloneUrl,
                branch,
                false,
                branches,
                commits,
                entries,
                readme);
    }

    private String cloneUrl(Context ctx, Repo repo) {
        var base = publicUrl.orElseGet(() -> ctx.scheme() + "://" + ctx.host());
        return base.replaceAll("/+$", "") + "/" + repo.fullName() + ".git";
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KiB";
        }
        return (bytes / (1024 * 1024)) + " MiB";
    }
}
