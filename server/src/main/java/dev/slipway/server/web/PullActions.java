package dev.slipway.server.web;

import dev.slipway.git.GitException;
import dev.slipway.git.Merges;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.pulls.PullException;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.ReviewState;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Optional;

/** The forms of the pull request pages: open, comment, review, merge, auto-merge, close and reopen. */
final class PullActions {
    private final Database db;
    private final Pulls pulls;
    private final PullMerger merger;
    private final Permissions permissions;
    private final Access access;
    private final PullPages pages;

    PullActions(Database db, Pulls pulls, PullMerger merger, Permissions permissions, Access access, PullPages pages) {
        this.db = db;
        this.pulls = pulls;
        this.merger = merger;
        this.permissions = permissions;
        this.access = access;
        this.pages = pages;
    }

    void mount(RoutesConfig routes) {
        routes.post("/{owner}/{repo}/pulls", this::open);
        routes.post(
                PullPages.PULL + "/comment",
                ctx -> act(
                        ctx,
                        Role.READ,
                        (user, pr) -> pulls.comment(
                                access.repo(ctx).repo(),
                                pr,
                                user,
                                form(ctx, "body"),
                                Optional.ofNullable(ctx.formParam("path")).filter(p -> !p.isBlank()),
                                Optional.ofNullable(ctx.formParam("line"))
                                        .filter(l -> l.matches("\\d{1,9}"))
                                        .map(Integer::parseInt))));
        routes.post(
                PullPages.PULL + "/review",
                ctx -> act(
                        ctx,
                        Role.WRITE,
                        (user, pr) -> pulls.review(
                                access.repo(ctx).repo(),
                                pr,
                                user,
                                verdict(form(ctx, "event")),
                                form(ctx, "body"),
                                Optional.empty())));
        routes.post(
                PullPages.PULL + "/merge",
                ctx -> act(
                        ctx,
                        Role.WRITE,
                        (user, pr) -> merger.merge(
                                access.repo(ctx).repo(),
                                pr,
                                user,
                                method(form(ctx, "method")),
                                Optional.ofNullable(ctx.formParam("sha")).filter(s -> !s.isBlank()),
                                Optional.empty(),
                                Optional.empty(),
                                "on".equals(ctx.formParam("delete_branch")))));
        routes.post(
                PullPages.PULL + "/auto-merge",
                ctx -> act(
                        ctx,
                        Role.WRITE,
                        (user, pr) -> merger.autoMerge(
                                access.repo(ctx).repo(),
                                pr,
                                user,
                                "disable".equals(ctx.formParam("action"))
                                        ? Optional.empty()
                                        : Optional.of(method(form(ctx, "method"))))));
        routes.post(
                PullPages.PULL + "/state",
                ctx -> act(ctx, Role.READ, (user, pr) -> {
                    var repo = access.repo(ctx).repo();
                    if (!user.login().equals(pr.author()) && !permissions.allows(Optional.of(user), repo, Role.WRITE)) {
                        throw new NotFound();
                    }
                    return pulls.edit(
                            repo,
                            pr,
                            user,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of("reopen".equals(ctx.formParam("action"))));
                }));
    }

    private interface Action {
        Object run(User user, PullRequest pr);
    }

    private void act(Context ctx, Role needed, Action action) {
        var seen = access.repo(ctx);
        var user = signedIn(ctx, seen);
        if (user.isEmpty()) {
            return;
        }
        var pr = pages.pull(ctx, seen.repo());
        if (!permissions.allows(user, seen.repo(), needed)) {
            pages.showConversation(
                    ctx,
                    seen,
                    pr,
                    "You need " + needed.name().toLowerCase(Locale.ROOT) + " access to "
                            + seen.repo().fullName() + " to do this.");
            return;
        }
        try {
            action.run(user.get(), pr);
        } catch (PullException e) {
            pages.showConversation(ctx, seen, db.pulls().find(pr.id()).orElseThrow(), PullPages.message(e));
            return;
        } catch (GitException e) {
            if (e.kind() != GitException.Kind.CONFLICT) {
                throw e;
            }
            pages.showConversation(ctx, seen, db.pulls().find(pr.id()).orElseThrow(), e.getMessage());
            return;
        }
        var anchor = ctx.path().endsWith("/comment") && ctx.formParam("path") != null ? "/files" : "";
        ctx.redirect("/" + seen.repo().fullName() + "/pull/" + pr.number() + anchor, HttpStatus.SEE_OTHER);
    }

    private void open(Context ctx) {
        var seen = access.repo(ctx);
        var user = signedIn(ctx, seen);
        if (user.isEmpty()) {
            return;
        }
        var base = Optional.ofNullable(ctx.formParam("base")).orElse("");
        var head = Optional.ofNullable(ctx.formParam("head")).orElse("");
        var title = Optional.ofNullable(ctx.formParam("title")).orElse("");
        var body = Optional.ofNullable(ctx.formParam("body")).orElse("");
        if (!permissions.allows(user, seen.repo(), Role.WRITE)) {
            ctx.status(403);
            pages.showCompare(ctx, seen, base, head, title, body, "You need write access to open a pull request.");
            return;
        }
        try {
            var pr = pulls.open(seen.repo(), user.get(), title, body, head, base);
            ctx.redirect("/" + seen.repo().fullName() + "/pull/" + pr.number(), HttpStatus.SEE_OTHER);
        } catch (PullException | GitException e) {
            ctx.status(422);
            pages.showCompare(ctx, seen, base, head, title, body, e.getMessage());
        }
    }

    /** The signed-in user of a form post with a valid CSRF token; otherwise answers 403 and returns empty. */
    private static Optional<User> signedIn(Context ctx, Access.Seen seen) {
        if (!Visitors.csrfMatches(ctx, seen.visitor()) || seen.visitor().user().isEmpty()) {
            ctx.status(403).result("Forbidden: sign in and submit the form again");
            return Optional.empty();
        }
        return seen.visitor().user();
    }

    private static String form(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("");
    }

    private static ReviewState verdict(String event) {
        return switch (event) {
            case "approve" -> ReviewState.APPROVED;
            case "request_changes" -> ReviewState.CHANGES_REQUESTED;
            default -> ReviewState.COMMENTED;
        };
    }

    private static Merges.Method method(String text) {
        return switch (text) {
            case "squash" -> Merges.Method.SQUASH;
            case "rebase" -> Merges.Method.REBASE;
            default -> Merges.Method.MERGE;
        };
    }
}
