package dev.slipway.server.web;

import dev.slipway.git.Commit;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.git.TreeEntry;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The repository list and a repository's code: the file tree at any branch, tag or commit (directories navigable, the
 * directory's README rendered), a file's text with numbered lines or rendered Markdown, raw files, the commit history
 * in pages, branches and tags. Paths look like GitHub's: {@code /owner/repo/tree/<ref>/<path>}.
 */
final class RepoPages {
    private static final int COMMITS_PER_PAGE = 30;
    private static final int SHOWN_BYTES = 1024 * 1024;
    private static final int RAW_BYTES = 32 * 1024 * 1024;

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
        routes.get("/{owner}/{repo}", ctx -> code(ctx, "tree", ""));
        routes.get("/{owner}/{repo}/tree", ctx -> {
            var repo = access.repo(ctx).repo();
            var ref = ActionsPages.param(ctx, "ref").orElse("");
            ctx.redirect(
                    "/" + repo.fullName() + (ref.isEmpty() ? "" : "/tree/" + Html.path(ref)), HttpStatus.SEE_OTHER);
        });
        routes.get("/{owner}/{repo}/tree/<rest>", ctx -> code(ctx, "tree", ctx.pathParam("rest")));
        routes.get("/{owner}/{repo}/blob/<rest>", ctx -> code(ctx, "blob", ctx.pathParam("rest")));
        routes.get("/{owner}/{repo}/raw/<rest>", this::raw);
        routes.get("/{owner}/{repo}/commits", ctx -> commits(ctx, ""));
        routes.get("/{owner}/{repo}/commits/<rest>", ctx -> commits(ctx, ctx.pathParam("rest")));
        routes.get("/{owner}/{repo}/branches", ctx -> refs(ctx, "branches"));
        routes.get("/{owner}/{repo}/tags", ctx -> refs(ctx, "tags"));
    }

    private void home(Context ctx) {
        var visitor = access.visitor(ctx);
        var now = Instant.now();
        var repos = db.repos().listVisibleTo(visitor.user().map(User::id), Page.first(Page.MAX_SIZE)).stream()
                .map(r -> new Model.RepoCard(r.fullName(), r.description(), r.isPrivate(), Times.ago(r.created(), now)))
                .toList();
        templates.page(ctx, "home.jte", Map.of("chrome", Access.chrome("Repositories", visitor), "repos", repos));
    }

    /** A ref and a path inside it, split from {@code <ref>/<path>} by the longest branch or tag name that fits. */
    record At(String ref, String path) {
        static At parse(HostedRepo hosted, String rest) {
            if (rest.isEmpty()) {
                return new At(hosted.defaultBranch(), "");
            }
            var names = new ArrayList<String>();
            hosted.branches().forEach(b -> names.add(b.name()));
            hosted.tags().forEach(t -> names.add(t.name()));
            names.sort(Comparator.comparingInt(String::length).reversed());
            for (var name : names) {
                if (rest.equals(name) || rest.startsWith(name + "/")) {
                    return new At(name, strip(rest.substring(name.length())));
                }
            }
            int slash = rest.indexOf('/');
            return slash < 0 ? new At(rest, "") : new At(rest.substring(0, slash), strip(rest.substring(slash)));
        }

        private static String strip(String path) {
            return path.replaceAll("^/+|/+$", "");
        }
    }

    private void code(Context ctx, String kind, String rest) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var at = At.parse(hosted, rest);
            var empty =
                    hosted.isEmpty() || hosted.resolve(hosted.defaultBranch()).isEmpty();
            if (empty && rest.isEmpty()) {
                var view = new CodeModel.TreeView(
                        head(ctx, repo, hosted, at.ref()),
                        true,
                        hosted.defaultBranch(),
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
                templates.page(
                        ctx,
                        "repo.jte",
                        Map.of("chrome", Access.chrome(repo.fullName(), seen.visitor()), "view", view));
                return;
            }
            if (hosted.resolve(at.ref()).isEmpty()) {
                throw new NotFound();
            }
            if (kind.equals("blob")) {
                blob(ctx, seen, hosted, at);
            } else {
                tree(ctx, seen, hosted, at);
            }
        }
    }

    private void tree(Context ctx, Access.Seen seen, HostedRepo hosted, At at) {
        var repo = seen.repo();
        var base = "/" + repo.fullName();
        var entries = hosted.tree(at.ref(), at.path()).orElseThrow(NotFound::new).stream()
                .map(e -> {
                    boolean dir = e.type() == TreeEntry.Type.DIRECTORY;
                    var href = base + (dir ? "/tree/" : "/blob/") + Html.path(at.ref() + "/" + e.path());
                    return new CodeModel.Entry(
                            e.name(),
                            href,
                            dir,
                            e.size().isPresent() ? size(e.size().getAsLong()) : "");
                })
                .toList();
        var now = Instant.now();
        var latest = hosted.log(at.ref(), 0, 1).commits().stream().findFirst().map(c -> commitRow(c, now));
        var readme = hosted.readme(at.ref(), at.path());
        var readmeHtml = readme.flatMap(b -> b.text()
                .map(t -> b.path().toLowerCase(Locale.ROOT).endsWith(".md")
                        ? Markdown.toHtml(t)
                        : "<pre>" + Html.escape(t) + "</pre>"));
        var view = new CodeModel.TreeView(
                head(ctx, repo, hosted, at.ref()),
                false,
                hosted.defaultBranch(),
                crumbs(base, at),
                entries,
                latest,
                readme.map(b -> b.path().substring(b.path().lastIndexOf('/') + 1)),
                readmeHtml);
        var title = at.path().isEmpty() ? repo.fullName() : at.path() + " · " + repo.fullName();
        templates.page(ctx, "repo.jte", Map.of("chrome", Access.chrome(title, seen.visitor()), "view", view));
    }

    private void blob(Context ctx, Access.Seen seen, HostedRepo hosted, At at) {
        var repo = seen.repo();
        var base = "/" + repo.fullName();
        var blob = hosted.blob(at.ref(), at.path(), SHOWN_BYTES).orElseThrow(NotFound::new);
        var name = at.path().substring(at.path().lastIndexOf('/') + 1);
        var text = blob.text();
        var markdown =
                text.filter(t -> name.toLowerCase(Locale.ROOT).endsWith(".md")).map(Markdown::toHtml);
        var lines = markdown.isPresent()
                ? List.<String>of()
                : text.map(t -> t.lines().toList()).orElse(List.of());
        var view = new CodeModel.BlobView(
                head(ctx, repo, hosted, at.ref()),
                crumbs(base, at),
                name,
                size(blob.size()),
                base + "/raw/" + Html.path(at.ref() + "/" + at.path()),
                lines,
                markdown,
                blob.binary(),
                blob.truncated());
        templates.page(
                ctx,
                "blob.jte",
                Map.of("chrome", Access.chrome(at.path() + " · " + repo.fullName(), seen.visitor()), "view", view));
    }

    private void raw(Context ctx) {
        var repo = access.downloadable(ctx, access.downloader(ctx));
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var at = At.parse(hosted, ctx.pathParam("rest"));
            var blob = hosted.blob(at.ref(), at.path(), RAW_BYTES).orElseThrow(NotFound::new);
            if (blob.truncated()) {
                ctx.status(413)
                        .contentType("text/plain; charset=utf-8")
                        .result("This file is larger than " + size(RAW_BYTES) + "; clone the repository to get it.");
                return;
            }
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", "sandbox");
            ctx.contentType(blob.binary() ? "application/octet-stream" : "text/plain; charset=utf-8")
                    .result(blob.bytes());
        }
    }

    private void commits(Context ctx, String rest) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var base = "/" + repo.fullName();
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var at = At.parse(hosted, rest);
            if (hosted.isEmpty() || hosted.resolve(at.ref()).isEmpty()) {
                throw new NotFound();
            }
            int page = Math.max(1, ActionsPages.intParam(ctx, "page"));
            var log = hosted.log(at.ref(), (page - 1) * COMMITS_PER_PAGE, COMMITS_PER_PAGE);
            var now = Instant.now();
            var href = base + "/commits/" + Html.path(at.ref()) + "?page=";
            var view = new CodeModel.CommitsView(
                    head(ctx, repo, hosted, at.ref()),
                    log.commits().stream().map(c -> commitRow(c, now)).toList(),
                    page > 1 ? Optional.of(href + (page - 1)) : Optional.empty(),
                    log.hasMore() ? Optional.of(href + (page + 1)) : Optional.empty(),
                    page);
            templates.page(
                    ctx,
                    "commits.jte",
                    Map.of("chrome", Access.chrome("Commits · " + repo.fullName(), seen.visitor()), "view", view));
        }
    }

    private void refs(Context ctx, String kind) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var base = "/" + repo.fullName();
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var now = Instant.now();
            List<CodeModel.RefRow> rows = new ArrayList<>();
            if (kind.equals("branches")) {
                hosted.branches()
                        .forEach(b -> rows.add(new CodeModel.RefRow(
                                b.name(),
                                base + "/tree/" + Html.path(b.name()),
                                base + "/commits/" + Html.path(b.name()),
                                b.sha().substring(0, 7),
                                b.subject(),
                                Times.ago(b.committed().toInstant(), now),
                                b.name().equals(hosted.defaultBranch()),
                                Optional.empty())));
            } else {
                for (var t : hosted.tags()) {
                    var commit = hosted.log(t.name(), 0, 1).commits().stream().findFirst();
                    rows.add(new CodeModel.RefRow(
                            t.name(),
                            base + "/tree/" + Html.path(t.name()),
                            base + "/commits/" + Html.path(t.name()),
                            t.target().substring(0, Math.min(7, t.target().length())),
                            t.message()
                                    .map(m -> m.lines().findFirst().orElse(""))
                                    .orElseGet(() -> commit.map(Commit::subject).orElse("")),
                            commit.map(c -> Times.ago(c.committer().when().toInstant(), now))
                                    .orElse(""),
                            false,
                            Optional.of(CodeModel.Archives.of(repo.fullName(), "refs/tags/" + t.name()))));
                }
            }
            var view = new CodeModel.RefsView(head(ctx, repo, hosted, hosted.defaultBranch()), kind, rows);
            templates.page(
                    ctx,
                    "refs.jte",
                    Map.of("chrome", Access.chrome(kind + " · " + repo.fullName(), seen.visitor()), "view", view));
        }
    }

    private CodeModel.Head head(Context ctx, Repo repo, HostedRepo hosted, String ref) {
        var refs = new ArrayList<RunModel.Option>();
        var branches = hosted.branches();
        var tags = hosted.tags();
        branches.forEach(
                b -> refs.add(new RunModel.Option(b.name(), b.name(), b.name().equals(ref))));
        tags.forEach(t -> refs.add(
                new RunModel.Option(t.name(), "tag: " + t.name(), t.name().equals(ref))));
        if (refs.stream().noneMatch(RunModel.Option::selected) && !hosted.isEmpty()) {
            refs.add(0, new RunModel.Option(ref, ref.length() == 40 ? ref.substring(0, 7) : ref, true));
        }
        return new CodeModel.Head(
                repo.fullName(),
                repo.description(),
                repo.isPrivate(),
                cloneUrl(ctx, repo),
                ref,
                refs,
                branches.size(),
                tags.size(),
                "/" + repo.fullName() + "/commits/" + Html.path(ref),
                CodeModel.Archives.ofRef(repo.fullName(), branches, tags, ref));
    }

    private static List<CodeModel.Crumb> crumbs(String base, At at) {
        var crumbs = new ArrayList<CodeModel.Crumb>();
        crumbs.add(
                new CodeModel.Crumb(base.substring(base.lastIndexOf('/') + 1), base + "/tree/" + Html.path(at.ref())));
        if (!at.path().isEmpty()) {
            var sofar = new StringBuilder();
            for (var part : at.path().split("/")) {
                sofar.append(sofar.isEmpty() ? "" : "/").append(part);
                crumbs.add(new CodeModel.Crumb(part, base + "/tree/" + Html.path(at.ref() + "/" + sofar)));
            }
        }
        return crumbs;
    }

    private static Model.CommitRow commitRow(Commit c, Instant now) {
        return new Model.CommitRow(
                c.sha(),
                c.sha().substring(0, 7),
                c.subject(),
                c.author().name(),
                Times.ago(c.author().when().toInstant(), now));
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
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
