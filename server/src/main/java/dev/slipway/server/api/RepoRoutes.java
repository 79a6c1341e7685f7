package dev.slipway.server.api;

import dev.slipway.git.HostedRepo;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.StatusState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Function;

/** A repository, its branches, commits and commit statuses. */
final class RepoRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    private final Services s;

    RepoRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(REPO, this::repo);
        routes.get(REPO + "/branches", this::branches);
        routes.get(REPO + "/commits", this::commits);
        routes.get(REPO + "/commits/{ref}", this::commit);
        routes.get(REPO + "/commits/{ref}/status", this::combined);
        routes.get(REPO + "/commits/{ref}/statuses", this::statuses);
        routes.get(REPO + "/statuses/{ref}", this::statuses);
        routes.post(REPO + "/statuses/{ref}", this::createStatus);
    }

    private void repo(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(Views.repo(repo, Requests.role(ctx, s.permissions(), repo), s.links(ctx)));
    }

    private void branches(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var api = s.links(ctx).repoApi(repo.fullName());
        var page = Requests.page(ctx);
        ctx.json(withGit(
                repo,
                git -> git.branches().stream()
                        .skip(page.offset())
                        .limit(page.size())
                        .map(b -> Views.branch(b, api))
                        .toList()));
    }

    private void commits(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var api = s.links(ctx).repoApi(repo.fullName());
        var page = Requests.page(ctx);
        var rev = ctx.queryParam("sha");
        ctx.json(withGit(repo, git -> {
            if (git.isEmpty()) {
                throw ApiError.conflict("Git Repository is empty.");
            }
            var start = rev == null || rev.isBlank() ? git.defaultBranch() : rev;
            if (git.resolve(start).isEmpty()) {
                throw ApiError.notFound();
            }
            return git.log(start, (int) page.offset(), page.size()).commits().stream()
                    .map(c -> Views.commit(c, api))
                    .toList();
        }));
    }

    private void commit(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var api = s.links(ctx).repoApi(repo.fullName());
        var ref = ctx.pathParam("ref");
        ctx.json(withGit(
                repo,
                git -> git.commit(ref)
                        .map(d -> Views.commitDetail(d, api))
                        .orElseThrow(() -> ApiError.invalid("No commit found for SHA: " + ref))));
    }

    private void statuses(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var sha = sha(repo, ctx.pathParam("ref"));
        var links = s.links(ctx);
        ctx.json(s.db().statuses().list(repo.id(), sha, Requests.page(ctx)).stream()
                .map(st -> Views.status(st, links))
                .toList());
    }

    private void combined(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var sha = sha(repo, ctx.pathParam("ref"));
        ctx.json(Views.combined(s.db().statuses().combined(repo.id(), sha), sha, repo, s.links(ctx)));
    }

    private void createStatus(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var sha = sha(repo, ctx.pathParam("ref"));
        var body = Requests.body(ctx);
        var stateText = Requests.string(body, "state");
        StatusState state;
        try {
            state = StatusState.valueOf(stateText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("'state' must be one of error, failure, pending, success, not '" + stateText + "'");
        }
        var created = s.db().statuses()
                .create(
                        repo.id(),
                        sha,
                        state,
                        Requests.optString(body, "context", 255).orElse("default"),
                        Requests.optString(body, "description", 1000),
                        Requests.optString(body, "target_url", 2000),
                        user.login());
        ctx.status(201).json(Views.status(created, s.links(ctx)));
    }

    /** The full commit id a ref or (abbreviated) sha names; 422 when there is none, as GitHub answers. */
    private String sha(Repo repo, String ref) {
        return withGit(repo, git -> git.resolve(ref))
                .orElseThrow(() -> ApiError.invalid("No commit found for SHA: " + ref));
    }

    private <T> T withGit(Repo repo, Function<HostedRepo, T> action) {
        return s.withGit(repo, action);
    }
}
