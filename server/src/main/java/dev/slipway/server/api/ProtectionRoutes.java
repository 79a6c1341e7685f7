package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.Bypass;
import dev.slipway.server.store.Protection;
import dev.slipway.server.store.ProtectionRules;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Branch protection shaped like GitHub's {@code /branches/{branch}/protection}; {@code {branch}} may be a pattern such
 * as {@code release/*} (slashes allowed). Reading needs read access, changing needs admin. Slipway adds the list of a
 * repository's rules and the audit log of administrator bypasses.
 */
final class ProtectionRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    private static final String ONE = REPO + "/branches/<branch>/protection";
    private final Services s;

    ProtectionRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(ONE, this::get);
        routes.put(ONE, this::put);
        routes.delete(ONE, this::delete);
        routes.get(REPO + "/branch-protections", this::list);
        routes.get(REPO + "/branch-protections/bypasses", this::bypasses);
    }

    private void get(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var rule = s.db().protections()
                .find(repo.id(), ctx.pathParam("branch"))
                .orElseThrow(() -> new ApiError(404, "Branch not protected"));
        ctx.json(view(rule, url(ctx, repo.fullName(), rule.pattern())));
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(s.db().protections().list(repo.id()).stream()
                .map(r -> view(r, url(ctx, repo.fullName(), r.pattern())))
                .toList());
    }

    private void put(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var pattern = ctx.pathParam("branch");
        Rules.problem(pattern).ifPresent(p -> {
            throw ApiError.invalid("branch: " + p);
        });
        var rule = s.db().protections().put(repo.id(), pattern, rules(Requests.body(ctx)));
        ctx.json(view(rule, url(ctx, repo.fullName(), pattern)));
    }

    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        if (!s.db().protections().delete(repo.id(), ctx.pathParam("branch"))) {
            throw new ApiError(404, "Branch not protected");
        }
        ctx.status(204);
    }

    private void bypasses(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        ctx.json(s.db().protections().bypasses(repo.id(), Requests.page(ctx)).stream()
                .map(ProtectionRoutes::bypass)
                .toList());
    }

    /** GitHub's request body: absent or null sections mean "off". */
    static ProtectionRules rules(JsonNode body) {
        var checks = section(body, "required_status_checks");
        var reviews = section(body, "required_pull_request_reviews");
        var contexts = new ArrayList<String>();
        if (checks != null) {
            var list = checks.get("contexts");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw ApiError.invalid("'required_status_checks.contexts' must be an array of strings");
                }
                list.forEach(n -> {
                    if (!n.isTextual() || n.asText().isBlank() || n.asText().contains("\n")) {
                        throw ApiError.invalid("'required_status_checks.contexts' must hold check names");
                    }
                    contexts.add(n.asText().strip());
                });
            }
            var named = checks.get("checks");
            if (named != null && named.isArray()) {
                named.forEach(n -> {
                    var context = n.get("context");
                    if (context == null
                            || !context.isTextual()
                            || context.asText().isBlank()) {
                        throw ApiError.invalid("'required_status_checks.checks[].context' is required");
                    }
                    contexts.add(context.asText().strip());
                });
            }
        }
        int approvals = 0;
        if (reviews != null) {
            var count = reviews.get("required_approving_review_count");
            if (count != null && !count.isNull()) {
                if (!count.isInt() || count.asInt() < 0 || count.asInt() > ProtectionRules.MAX_APPROVALS) {
                    throw ApiError.invalid("'required_pull_request_reviews.required_approving_review_count' must be"
                            + " a number from 0 to " + ProtectionRules.MAX_APPROVALS);
                }
                approvals = count.asInt();
            }
        }
        return new ProtectionRules(
                reviews != null,
                approvals,
                reviews != null && Requests.bool(reviews, "dismiss_stale_reviews", false),
                contexts.stream().distinct().toList(),
                checks != null && Requests.bool(checks, "strict", false),
                Requests.bool(body, "allow_force_pushes", false),
                Requests.bool(body, "allow_deletions", false),
                Requests.bool(body, "required_linear_history", false),
                Requests.bool(body, "enforce_admins", false));
    }

    private static @Nullable JsonNode section(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.invalid("'" + field + "' must be an object or null");
        }
        return node;
    }

    private String url(Context ctx, String fullName, String pattern) {
        return s.links(ctx).repoApi(fullName) + "/branches/" + pattern + "/protection";
    }

    static Map<String, @Nullable Object> view(Protection p, String url) {
        var r = p.rules();
        var m = Views.obj();
        m.put("url", url);
        m.put("pattern", p.pattern());
        if (!r.requiredChecks().isEmpty() || r.requireUpToDate()) {
            var checks = Views.obj();
            checks.put("url", url + "/required_status_checks");
            checks.put("strict", r.requireUpToDate());
            checks.put("contexts", r.requiredChecks());
            checks.put(
                    "checks",
                    r.requiredChecks().stream()
                            .map(c -> {
                                var one = Views.obj();
                                one.put("context", c);
                                one.put("app_id", null);
                                return one;
                            })
                            .toList());
            m.put("required_status_checks", checks);
        }
        if (r.requirePullRequest()) {
            var reviews = Views.obj();
            reviews.put("url", url + "/required_pull_request_reviews");
            reviews.put("dismiss_stale_reviews", r.dismissStaleReviews());
            reviews.put("require_code_owner_reviews", false);
            reviews.put("required_approving_review_count", r.requiredApprovals());
            m.put("required_pull_request_reviews", reviews);
        }
        m.put("enforce_admins", Map.of("url", url + "/enforce_admins", "enabled", r.enforceAdmins()));
        m.put("required_linear_history", enabled(r.requireLinearHistory()));
        m.put("allow_force_pushes", enabled(r.allowForcePushes()));
        m.put("allow_deletions", enabled(r.allowDeletions()));
        m.put("updated_at", Views.time(p.updated()));
        return m;
    }

    private static Map<String, Boolean> enabled(boolean on) {
        return Map.of("enabled", on);
    }

    private static Map<String, @Nullable Object> bypass(Bypass b) {
        var m = Views.obj();
        m.put("id", b.id());
        m.put("ref", b.ref());
        m.put("pattern", b.pattern());
        m.put("actor", Map.of("login", b.actor()));
        m.put("rules", List.of(b.rules().split("; ")));
        m.put("before", b.before());
        m.put("after", b.after());
        m.put("created_at", Views.time(b.created()));
        return m;
    }
}
