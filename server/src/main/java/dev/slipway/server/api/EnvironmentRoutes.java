package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's deployment environments and their protection rules ({@code GET/PUT/DELETE
 * .../environments/{name}}), with the branch and tag name patterns of a custom deployment branch policy. Reading
 * needs read access, changing needs admin, as on GitHub.
 */
final class EnvironmentRoutes {
    static final String ENVIRONMENTS = Api.PREFIX + "/repos/{owner}/{repo}/environments";
    private static final String POLICIES = ENVIRONMENTS + "/{name}/deployment-branch-policies";
    private static final int MAX_WAIT_TIMER = 43_200;
    private static final int MAX_REVIEWERS = 6;
    private static final int MAX_NAME = 255;

    private final Services s;
    private java.util.function.BiConsumer<Repo, Environment> beforeDelete = (repo, env) -> {};

    EnvironmentRoutes(Services services) {
        this.s = services;
    }

    /** What deleting an environment does first (stopping its services); before {@link #mount}. */
    void beforeDelete(java.util.function.BiConsumer<Repo, Environment> action) {
        this.beforeDelete = action;
    }

    void mount(RoutesConfig routes) {
        routes.get(ENVIRONMENTS, this::list);
        routes.get(ENVIRONMENTS + "/{name}", this::get);
        routes.put(ENVIRONMENTS + "/{name}", this::put);
        routes.delete(ENVIRONMENTS + "/{name}", this::delete);
        routes.get(POLICIES, this::patterns);
        routes.post(POLICIES, this::addPattern);
        routes.get(POLICIES + "/{id}", this::pattern);
        routes.put(POLICIES + "/{id}", this::renamePattern);
        routes.delete(POLICIES + "/{id}", this::deletePattern);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var links = s.links(ctx);
        var all = s.db().environments().list(repo.id()).stream()
                .map(e -> EnvironmentViews.environment(e, repo, s.db(), links))
                .toList();
        ctx.json(Map.of("total_count", all.size(), "environments", all));
    }

    private void get(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(EnvironmentViews.environment(environment(ctx, repo), repo, s.db(), s.links(ctx)));
    }

    /** Creates the environment or replaces all its rules, as GitHub's PUT does. */
    private void put(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var name = ctx.pathParam("name");
        if (name.isBlank() || name.length() > MAX_NAME) {
            throw ApiError.invalid("the environment name must be 1 to " + MAX_NAME + " characters long");
        }
        var body = Requests.body(ctx);
        var rules = new Environment.Rules(
                waitTimer(body),
                Requests.bool(body, "prevent_self_review", false),
                reviewers(body, repo),
                branchPolicy(body));
        var env = s.db().environments().put(repo.id(), name, rules);
        ctx.json(EnvironmentViews.environment(env, repo, s.db(), s.links(ctx)));
    }

    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        s.db().environments().find(repo.id(), ctx.pathParam("name")).ifPresent(env -> beforeDelete.accept(repo, env));
        if (!s.db().environments().delete(repo.id(), ctx.pathParam("name"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private static int waitTimer(JsonNode body) {
        var node = body.get("wait_timer");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isInt() || node.asInt() < 0 || node.asInt() > MAX_WAIT_TIMER) {
            throw ApiError.invalid("'wait_timer' must be a whole number of minutes from 0 to " + MAX_WAIT_TIMER);
        }
        return node.asInt();
    }

    /**
     * {@code reviewers: [{type: "User", id}]}: users that exist and may read the repository, as GitHub requires; teams
     * are refused (Slipway has none).
     */
    private List<Long> reviewers(JsonNode body, Repo repo) {
        var node = body.get("reviewers");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.invalid("'reviewers' must be an array of {\"type\": \"User\", \"id\": <user id>}");
        }
        var ids = new LinkedHashSet<Long>();
        for (var item : node) {
            var type = item.path("type").asText("");
            if (type.equals("Team")) {
                throw ApiError.invalid("'reviewers' may name users only: Slipway has no teams");
            }
            if (!type.equals("User") || !item.path("id").canConvertToLong()) {
                throw ApiError.invalid("each of 'reviewers' must be {\"type\": \"User\", \"id\": <user id>}");
            }
            long id = item.path("id").asLong();
            var user = s.db().users()
                    .find(id)
                    .orElseThrow(() -> ApiError.invalid("'reviewers': there is no user with id " + id));
            if (!s.permissions().allows(Optional.of(user), repo, Role.READ)) {
                throw ApiError.invalid("'reviewers': " + user.login() + " cannot read " + repo.fullName()
                        + "; reviewers need at least read access");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_REVIEWERS) {
            throw ApiError.invalid("'reviewers' may name at most " + MAX_REVIEWERS + " reviewers");
        }
        return new ArrayList<>(ids);
    }

    private static Environment.BranchPolicy branchPolicy(JsonNode body) {
        var node = body.get("deployment_branch_policy");
        if (node == null || node.isNull()) {
            return Environment.BranchPolicy.ALL;
        }
        if (!node.isObject()) {
            throw ApiError.invalid("'deployment_branch_policy' must be an object or null");
        }
        boolean protectedBranches = Requests.bool(node, "protected_branches", false);
        boolean custom = Requests.bool(node, "custom_branch_policies", false);
        if (protectedBranches == custom) {
            throw ApiError.invalid("'deployment_branch_policy' must have exactly one of 'protected_branches' and"
                    + " 'custom_branch_policies' true (or be null for all branches and tags)");
        }
        return protectedBranches ? Environment.BranchPolicy.PROTECTED : Environment.BranchPolicy.CUSTOM;
    }

    private void patterns(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var env = environment(ctx, repo);
        var all = s.db().environments().patterns(env.id()).stream()
                .map(EnvironmentViews::pattern)
                .toList();
        ctx.json(Map.of("total_count", all.size(), "branch_policies", all));
    }

    private void pattern(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(EnvironmentViews.pattern(pattern(ctx, environment(ctx, repo))));
    }

    private void addPattern(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var env = environment(ctx, repo);
        if (env.branchPolicy() != Environment.BranchPolicy.CUSTOM) {
            throw ApiError.invalid("environment " + env.name()
                    + " has no custom deployment branch policy: set 'deployment_branch_policy' to"
                    + " {\"protected_branches\": false, \"custom_branch_policies\": true} first");
        }
        var body = Requests.body(ctx);
        var name = patternName(body);
        var type = Requests.optString(body, "type").orElse("branch");
        if (!type.equals("branch") && !type.equals("tag")) {
            throw ApiError.invalid("'type' must be 'branch' or 'tag', got '" + type + "'");
        }
        var added = s.db().environments()
                .addPattern(env.id(), name, type)
                .orElseThrow(() -> ApiError.invalid(
                        "environment " + env.name() + " has the " + type + " pattern '" + name + "' already"));
        ctx.json(EnvironmentViews.pattern(added));
    }

    private void renamePattern(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var env = environment(ctx, repo);
        var current = pattern(ctx, env);
        var name = patternName(Requests.body(ctx));
        s.db().environments().renamePattern(env.id(), current.id(), name);
        ctx.json(EnvironmentViews.pattern(new Environment.RefPattern(current.id(), name, current.type())));
    }

    private void deletePattern(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var env = environment(ctx, repo);
        if (!s.db().environments().deletePattern(env.id(), Requests.longPath(ctx, "id"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private static String patternName(JsonNode body) {
        var name = Requests.string(body, "name", MAX_NAME);
        Rules.problem(name).ifPresent(p -> {
            throw ApiError.invalid("'name': " + p);
        });
        return name;
    }

    private Environment.RefPattern pattern(Context ctx, Environment env) {
        long id = Requests.longPath(ctx, "id");
        return s.db().environments().patterns(env.id()).stream()
                .filter(p -> p.id() == id)
                .findFirst()
                .orElseThrow(ApiError::notFound);
    }

    /** The environment of the path; 404 when the repository has none of that name. */
    Environment environment(Context ctx, Repo repo) {
        return s.db().environments().find(repo.id(), ctx.pathParam("name")).orElseThrow(ApiError::notFound);
    }
}
