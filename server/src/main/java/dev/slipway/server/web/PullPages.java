package dev.slipway.server.web;

import dev.slipway.git.Merges;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.pulls.MergeStatus;
import dev.slipway.server.pulls.PullException;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.PullComment;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.Role;
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
 * Pull request pages: the list, the compare form that opens one, and a pull request's conversation (with checks
 * panel, review form and merge box), commits and files tabs. Form posts are {@link PullActions}'.
 */
final class PullPages {
    static final String PULL = "/{owner}/{repo}/pull/{number}";

    private final Database db;
    private final Pulls pulls;
    private final Permissions permissions;
    private final Access access;
    private final Templates templates;
    private final PullActions actions;

    PullPages(
            Database db, Pulls pulls, PullMerger merger, Permissions permissions, Access access, Templates templates) {
        this.db = db;
        this.pulls = pulls;
        this.permissions = permissions;
        this.access = access;
        this.templates = templates;
        this.actions = new PullActions(db, pulls, merger, permissions, access, this);
    }

    void mount(RoutesConfig routes) {
        routes.get("/{owner}/{repo}/pulls", this::list);
        routes.get("/{owner}/{repo}/compare", this::compare);
        routes.get("/{owner}/{repo}/compare/<spec>", this::compare);
        routes.get(PULL, this::conversation);
        routes.get(PULL + "/commits", this::commits);
        routes.get(PULL + "/files", this::files);
        actions.mount(routes);
        new ProtectionPages(db, access, templates).mount(routes);
    }

    private void list(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        boolean closed = "closed".equals(ctx.queryParam("state"));
        var now = Instant.now();
        var rows = db.pulls().list(repo.id(), Optional.of(!closed), Page.first(Page.MAX_SIZE)).stream()
                .map(p -> new PullModel.PullRow(
                        p.number(),
                        p.title(),
                        p.author(),
                        p.headBranch(),
                        p.baseBranch(),
                        p.merged() ? "merged" : p.state(),
                        Times.ago(p.created(), now)))
                .toList();
        boolean admin = permissions.allows(seen.visitor().user(), repo, Role.ADMIN);
        templates.page(
                ctx,
                "pulls.jte",
                Map.of(
                        "chrome", Access.chrome("Pull requests · " + repo.fullName(), seen.visitor()),
                        "fullName", repo.fullName(),
                        "pulls", rows,
                        "closed", closed,
                        "admin", admin));
    }

    private void compare(Context ctx) {
        var seen = access.repo(ctx);
        var spec = ctx.pathParamMap().getOrDefault("spec", "");
        var base = spec.contains("...") ? spec.substring(0, spec.indexOf("...")) : spec;
        var head = spec.contains("...") ? spec.substring(spec.indexOf("...") + 3) : "";
        showCompare(ctx, seen, base.isEmpty() ? seen.repo().defaultBranch() : base, head, "", "", "");
    }

    void showCompare(Context ctx, Access.Seen seen, String base, String head, String title, String body, String error) {
        var repo = seen.repo();
        var branches = pulls.branchNames(repo);
        templates.page(
                ctx,
                "compare.jte",
                Map.of(
                        "chrome", Access.chrome("Open a pull request · " + repo.fullName(), seen.visitor()),
                        "fullName", repo.fullName(),
                        "branches", branches,
                        "base", base,
                        "head", head,
                        "title", title,
                        "body", body,
                        "error", error,
                        "canWrite", permissions.allows(seen.visitor().user(), repo, Role.WRITE)));
    }

    private void conversation(Context ctx) {
        var seen = access.repo(ctx);
        showConversation(ctx, seen, pull(ctx, seen.repo()), "");
    }

    void showConversation(Context ctx, Access.Seen seen, PullRequest pr, String error) {
        var repo = seen.repo();
        var status = pulls.status(repo, pr);
        var current = db.pulls().find(pr.id()).orElseThrow();
        var user = seen.visitor().user();
        var view = new PullModel.PullView(
                head(repo, current, "conversation"),
                current.body().isBlank()
                        ? "<p class=\"muted\">No description provided.</p>"
                        : Markdown.toHtml(current.body()),
                timeline(current),
                status.checks().stream().map(PullModel.CheckRow::of).toList(),
                status.mergeableState(),
                status.blockers(),
                status.conflicts(),
                status.approvals(),
                status.requiredApprovals(),
                current.open(),
                current.merged(),
                current.mergedBy(),
                current.mergeSha(),
                current.autoMergeMethod(),
                user.isPresent(),
                permissions.allows(user, repo, Role.WRITE),
                user.map(u -> u.login().equals(current.author())).orElse(false),
                linearOnly(status),
                error);
        if (!error.isEmpty()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        }
        templates.page(ctx, "pull.jte", Map.of("chrome", Access.chrome(title(current), seen.visitor()), "view", view));
    }

    private void commits(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var pr = pulls.refreshed(repo, pull(ctx, repo));
        var now = Instant.now();
        var rows = pulls.commits(repo, pr).stream()
                .map(c -> new PullModel.CommitLine(
                        c.sha(),
                        c.sha().substring(0, 7),
                        c.subject(),
                        c.author().name(),
                        Times.ago(c.author().when().toInstant(), now)))
                .toList();
        templates.page(
                ctx,
                "pull_commits.jte",
                Map.of(
                        "chrome", Access.chrome(title(pr), seen.visitor()),
                        "head", head(repo, pr, "commits"),
                        "commits", rows));
    }

    private void files(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var pr = pulls.refreshed(repo, pull(ctx, repo));
        var notes = db.reviews().comments(pr.id(), true);
        var files = new ArrayList<PullModel.FileView>();
        int index = 0;
        for (Merges.FilePatch f : pulls.files(repo, pr)) {
            var path = f.change().path();
            files.add(new PullModel.FileView(
                    f.change().oldPath().map(old -> old + " → " + path).orElse(path),
                    "file-" + index++,
                    f.change().type().name().toLowerCase(Locale.ROOT),
                    f.additions(),
                    f.deletions(),
                    f.binary(),
                    DiffLines.of(f.patch()),
                    notes.stream()
                            .filter(n -> n.path().orElse("").equals(path))
                            .map(n -> new PullModel.LineNote(n.line().orElse(0), n.author(), Markdown.toHtml(n.body())))
                            .toList()));
        }
        templates.page(
                ctx,
                "pull_files.jte",
                Map.of(
                        "chrome",
                        Access.chrome(title(pr), seen.visitor()),
                        "head",
                        head(repo, pr, "files"),
                        "files",
                        files,
                        "canComment",
                        seen.visitor().user().isPresent() && pr.open()));
    }

    PullModel.PullHead head(Repo repo, PullRequest pr, String tab) {
        int commits = pulls.commits(repo, pr).size();
        int files = pulls.files(repo, pr).size();
        return new PullModel.PullHead(
                repo.fullName(),
                pr.number(),
                pr.title(),
                pr.merged() ? "merged" : pr.state(),
                pr.author(),
                pr.headBranch(),
                pr.baseBranch(),
                Times.ago(pr.created(), Instant.now()),
                commits,
                files,
                tab);
    }

    private List<PullModel.Entry> timeline(PullRequest pr) {
        var now = Instant.now();
        record Item(Instant at, PullModel.Entry entry) {}
        var items = new ArrayList<Item>();
        for (Review r : db.reviews().list(pr.id())) {
            items.add(new Item(
                    r.created(),
                    new PullModel.Entry(
                            r.author(),
                            r.state().name().toLowerCase(Locale.ROOT),
                            r.body().isBlank() ? "" : Markdown.toHtml(r.body()),
                            Times.ago(r.created(), now),
                            "review-" + r.id())));
        }
        for (PullComment c : db.reviews().comments(pr.id(), false)) {
            items.add(new Item(
                    c.created(),
                    new PullModel.Entry(
                            c.author(),
                            "",
                            Markdown.toHtml(c.body()),
                            Times.ago(c.created(), now),
                            "comment-" + c.id())));
        }
        return items.stream()
                .sorted(Comparator.comparing(Item::at))
                .map(Item::entry)
                .toList();
    }

    private static boolean linearOnly(MergeStatus status) {
        return status.rule().map(r -> r.rules().requireLinearHistory()).orElse(false);
    }

    private static String title(PullRequest pr) {
        return pr.title() + " · #" + pr.number();
    }

    PullRequest pull(Context ctx, Repo repo) {
        return db.pulls().find(repo.id(), Access.number(ctx, "number")).orElseThrow(NotFound::new);
    }

    /** The message of a refused operation, for the page. */
    static String message(PullException e) {
        return e.getMessage();
    }
}
