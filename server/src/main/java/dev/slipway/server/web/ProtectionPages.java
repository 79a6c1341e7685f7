package dev.slipway.server.web;

import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.ProtectionRules;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** The branch protection settings of a repository (administrators only): rules by pattern and the bypass log. */
final class ProtectionPages {
    private static final String PATH = "/{owner}/{repo}/settings/branches";

    private final Database db;
    private final Access access;
    private final Templates templates;

    ProtectionPages(Database db, Access access, Templates templates) {
        this.db = db;
        this.access = access;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get(PATH, ctx -> show(ctx, admin(ctx), ""));
        routes.post(PATH, this::save);
        routes.post(PATH + "/delete", this::delete);
    }

    private Access.Seen admin(Context ctx) {
        var seen = access.repo(ctx);
        if (!access.role(seen).map(r -> r.allows(Role.ADMIN)).orElse(false)) {
            throw new NotFound();
        }
        return seen;
    }

    private void show(Context ctx, Access.Seen seen, String error) {
        var repo = seen.repo();
        var now = Instant.now();
        var rules = db.protections().list(repo.id()).stream()
                .map(p -> {
                    var r = p.rules();
                    return new PullModel.RuleRow(
                            p.pattern(),
                            r.requirePullRequest(),
                            r.requiredApprovals(),
                            r.dismissStaleReviews(),
                            String.join(", ", r.requiredChecks()),
                            r.requireUpToDate(),
                            r.allowForcePushes(),
                            r.allowDeletions(),
                            r.requireLinearHistory(),
                            r.enforceAdmins());
                })
                .toList();
        var bypasses = db.protections().bypasses(repo.id(), Page.first(20)).stream()
                .map(b -> new PullModel.BypassRow(Times.ago(b.created(), now), b.actor(), b.ref(), b.rules()))
                .toList();
        if (!error.isEmpty()) {
            ctx.status(422);
        }
        templates.page(
                ctx,
                "branch_settings.jte",
                Map.of(
                        "chrome", Access.chrome("Branch protection · " + repo.fullName(), seen.visitor()),
                        "fullName", repo.fullName(),
                        "rules", rules,
                        "bypasses", bypasses,
                        "error", error));
    }

    private void save(Context ctx) {
        var seen = admin(ctx);
        if (!Visitors.csrfMatches(ctx, seen.visitor())) {
            ctx.status(403).result("Forbidden: the form's CSRF token does not match");
            return;
        }
        var pattern = Optional.ofNullable(ctx.formParam("pattern")).orElse("").strip();
        var problem = Rules.problem(pattern);
        if (problem.isPresent()) {
            show(ctx, seen, "Branch name pattern: " + problem.get());
            return;
        }
        var approvalsText =
                Optional.ofNullable(ctx.formParam("approvals")).orElse("0").strip();
        if (!approvalsText.matches("[0-6]")) {
            show(ctx, seen, "Required approvals must be a number from 0 to " + ProtectionRules.MAX_APPROVALS + ".");
            return;
        }
        var checks = Arrays.stream(
                        Optional.ofNullable(ctx.formParam("checks")).orElse("").split("[,\\n]"))
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .distinct()
                .toList();
        var rules = new ProtectionRules(
                on(ctx, "require_pull_request"),
                Integer.parseInt(approvalsText),
                on(ctx, "dismiss_stale"),
                checks,
                on(ctx, "up_to_date"),
                on(ctx, "allow_force"),
                on(ctx, "allow_deletions"),
                on(ctx, "linear"),
                on(ctx, "enforce_admins"));
        db.protections().put(seen.repo().id(), pattern, rules);
        ctx.redirect("/" + seen.repo().fullName() + "/settings/branches", HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        var seen = admin(ctx);
        if (!Visitors.csrfMatches(ctx, seen.visitor())) {
            ctx.status(403).result("Forbidden: the form's CSRF token does not match");
            return;
        }
        db.protections()
                .delete(
                        seen.repo().id(),
                        Optional.ofNullable(ctx.formParam("pattern")).orElse(""));
        ctx.redirect("/" + seen.repo().fullName() + "/settings/branches", HttpStatus.SEE_OTHER);
    }

    private static boolean on(Context ctx, String field) {
        return "on".equals(ctx.formParam(field));
    }
}
