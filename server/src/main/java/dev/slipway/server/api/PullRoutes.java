package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.git.Merges;
import dev.slipway.server.pulls.RequiredChecks;
import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.ReviewState;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pull requests, reviews, comments and merging, shaped like GitHub's {@code /pulls} API, plus Slipway's auto-merge
 * endpoint (GitHub has it in GraphQL only) and check runs derived from commit statuses.
 */
final class PullRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    private static final String PULL = REPO + "/pulls/{number}";
    private final Services s;

    PullRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(REPO + "/pulls", this::list);
        routes.post(REPO + "/pulls", this::create);
        routes.get(PULL, this::get);
        routes.patch(PULL, this::update);
        routes.get(PULL + "/commits", this::commits);
        routes.get(PULL + "/files", this::files);
        routes.get(PULL + "/merge", this::isMerged);
        routes.put(PULL + "/merge", this::merge);
        routes.put(PULL + "/auto-merge", this::enableAutoMerge);
        routes.delete(PULL + "/auto-merge", this::disableAutoMerge);
        routes.get(PULL + "/reviews", this::reviews);
        routes.post(PULL + "/reviews", this::review);
        routes.get(PULL + "/comments", ctx -> comments(ctx, true));
        routes.post(PULL + "/comments", ctx -> comment(ctx, true));
        routes.get(REPO + "/issues/{number}/comments", ctx -> comments(ctx, false));
        routes.post(REPO + "/issues/{number}/comments", ctx -> comment(ctx, false));
        routes.get(REPO + "/commits/{ref}/check-runs", this::checkRuns);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var state = Optional.ofNullable(ctx.queryParam("state")).orElse("open");
        Optional<Boolean> open = switch (state) {
            case "open" -> Optional.of(true);
            case "closed" -> Optional.of(false);
            case "all" -> Optional.empty();
            default -> throw ApiError.invalid("'state' must be open, closed or all, not '" + state + "'");
        };
        var links = s.links(ctx);
        ctx.json(s.db().pulls().list(repo.id(), open, Requests.page(ctx)).stream()
                .map(p -> PullViews.pull(p, repo, links, Optional.empty()))
                .toList());
    }

    private void create(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var body = Requests.body(ctx);
        var pr = s.pulls()
                .open(
                        repo,
                        user,
                        Requests.string(body, "title"),
                        Requests.optString(body, "body").orElse(""),
                        Requests.string(body, "head"),
                        Requests.optString(body, "base").orElse(repo.defaultBranch()));
        ctx.status(201)
                .json(PullViews.pull(
                        pr, repo, s.links(ctx), Optional.of(s.pulls().status(repo, pr))));
    }

    private void get(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var pr = pull(ctx, repo);
        var status = s.pulls().status(repo, pr);
        var current = s.db().pulls().find(pr.id()).orElseThrow();
        ctx.json(PullViews.pull(current, repo, s.links(ctx), Optional.of(status)));
    }

    private void update(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var user = Requests.requireUser(ctx);
        var pr = pull(ctx, repo);
        if (!user.login().equals(pr.author())
                && !Requests.role(ctx, s.permissions(), repo)
                        .map(r -> r.allows(Role.WRITE))
                        .orElse(false)) {
            throw ApiError.forbidden("Only the author or a collaborator with write access may edit a pull request");
        }
        var body = Requests.body(ctx);
        var state = Requests.optString(body, "state").map(st -> switch (st) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw ApiError.invalid("'state' must be open or closed, not '" + st + "'");
        });
        var updated = s.pulls()
                .edit(
                        repo,
                        pr,
                        user,
                        Requests.optString(body, "title"),
                        Requests.optString(body, "body"),
                        Requests.optString(body, "base"),
                        state);
        ctx.json(PullViews.pull(
                updated, repo, s.links(ctx), Optional.of(s.pulls().status(repo, updated))));
    }

    private void commits(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var pr = pull(ctx, repo);
        var api = s.links(ctx).repoApi(repo.fullName());
        ctx.json(s.pulls().commits(repo, pr).stream()
                .map(c -> PullViews.commit(c, api))
                .toList());
    }

    private void files(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var pr = pull(ctx, repo);
        var page = Requests.page(ctx);
        ctx.json(s.pulls().files(repo, pr).stream()
                .skip(page.offset())
                .limit(page.size())
                .map(PullViews::file)
                .toList());
    }

    private void isMerged(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        if (pull(ctx, repo).merged()) {
            ctx.status(204);
        } else {
            throw ApiError.notFound();
        }
    }

    private void merge(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var pr = pull(ctx, repo);
        var body = Requests.body(ctx);
        var merged = s.merger()
                .merge(
                        repo,
                        pr,
                        user,
                        method(body),
                        Requests.optString(body, "sha"),
                        Requests.optString(body, "commit_title"),
                        Requests.optString(body, "commit_message"),
                        Requests.bool(body, "delete_branch", false));
        var result = Views.obj();
        result.put("sha", merged.mergeSha().orElse(null));
        result.put("merged", true);
        result.put("message", "Pull Request successfully merged");
        ctx.json(result);
    }

    private void enableAutoMerge(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var pr = pull(ctx, repo);
        var updated = s.merger().autoMerge(repo, pr, user, Optional.of(method(Requests.body(ctx))));
        ctx.json(PullViews.pull(
                updated, repo, s.links(ctx), Optional.of(s.pulls().status(repo, updated))));
    }

    private void disableAutoMerge(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        s.merger().autoMerge(repo, pull(ctx, repo), user, Optional.empty());
        ctx.status(204);
    }

    private void reviews(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var pr = pull(ctx, repo);
        var links = s.links(ctx);
        ctx.json(s.db().reviews().list(pr.id()).stream()
                .map(r -> PullViews.review(r, repo, pr.number(), links))
                .toList());
    }

    private void review(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var pr = pull(ctx, repo);
        var body = Requests.body(ctx);
        var eventText = Requests.optString(body, "event").orElse("COMMENT");
        var state = switch (eventText.toUpperCase(Locale.ROOT)) {
            case "APPROVE" -> ReviewState.APPROVED;
            case "REQUEST_CHANGES" -> ReviewState.CHANGES_REQUESTED;
            case "COMMENT" -> ReviewState.COMMENTED;
            default ->
                throw ApiError.invalid("'event' must be APPROVE, REQUEST_CHANGES or COMMENT, not '" + eventText + "'");
        };
        var text = Requests.optString(body, "body").orElse("");
        var lineComments = lineComments(body);
        var review = s.pulls().review(repo, pr, user, state, text, Requests.optString(body, "commit_id"));
        for (var c : lineComments) {
            s.pulls().comment(repo, pr, user, c.body(), Optional.of(c.path()), Optional.of(c.line()));
        }
        ctx.json(PullViews.review(review, repo, pr.number(), s.links(ctx)));
    }

    private record LineComment(String path, int line, String body) {}

    private static List<LineComment> lineComments(JsonNode body) {
        var node = body.get("comments");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.invalid("'comments' must be an array");
        }
        var out = new java.util.ArrayList<LineComment>();
        for (JsonNode c : node) {
            var line = c.get("line");
            if (line == null || !line.isInt()) {
                throw ApiError.invalid("'comments[].line' must be a number");
            }
            out.add(new LineComment(Requests.string(c, "path"), line.asInt(), Requests.string(c, "body")));
        }
        return out;
    }

    private void comments(Context ctx, boolean onLines) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var pr = pull(ctx, repo);
        var links = s.links(ctx);
        ctx.json(s.db().reviews().comments(pr.id(), onLines).stream()
                .map(c -> PullViews.comment(c, repo, pr.number(), links))
                .toList());
    }

    private void comment(Context ctx, boolean onLine) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var user = Requests.requireUser(ctx);
        var pr = pull(ctx, repo);
        var body = Requests.body(ctx);
        Optional<String> path = onLine ? Optional.of(Requests.string(body, "path")) : Optional.empty();
        Optional<Integer> line = Optional.empty();
        if (onLine) {
            var node = body.get("line");
            if (node == null || !node.isInt()) {
                throw ApiError.invalid("'line' is required and must be a number");
            }
            line = Optional.of(node.asInt());
        }
        var created = s.pulls().comment(repo, pr, user, Requests.string(body, "body"), path, line);
        ctx.status(201).json(PullViews.comment(created, repo, pr.number(), s.links(ctx)));
    }

    private void checkRuns(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var ref = ctx.pathParam("ref");
        var sha = s.pulls().resolve(repo, ref).orElseThrow(() -> ApiError.invalid("No commit found for SHA: " + ref));
        var rules = s.db().protections().list(repo.id());
        var required = ctx.queryParam("branch") == null
                ? List.<String>of()
                : Rules.forBranch(rules, ctx.queryParam("branch"))
                        .map(r -> r.rules().requiredChecks())
                        .orElse(List.of());
        ctx.json(PullViews.checkRuns(RequiredChecks.of(s.db(), repo.id(), sha, required), sha));
    }

    private static Merges.Method method(JsonNode body) {
        var text = Requests.optString(body, "merge_method").orElse("merge");
        return switch (text) {
            case "merge" -> Merges.Method.MERGE;
            case "squash" -> Merges.Method.SQUASH;
            case "rebase" -> Merges.Method.REBASE;
            default -> throw ApiError.invalid("'merge_method' must be merge, squash or rebase, not '" + text + "'");
        };
    }

    private PullRequest pull(Context ctx, Repo repo) {
        return s.db().pulls().find(repo.id(), Requests.longPath(ctx, "number")).orElseThrow(ApiError::notFound);
    }
}
