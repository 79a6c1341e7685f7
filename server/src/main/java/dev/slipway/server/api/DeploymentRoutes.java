package dev.slipway.server.api;

import dev.slipway.server.environments.Approvals;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.Run;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deployments and their statuses, which jobs with an {@code environment:} record, and the review of a run's pending
 * deployments: {@code GET/POST .../actions/runs/{id}/pending_deployments} and {@code GET .../actions/runs/{id}/approvals}.
 */
final class DeploymentRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    private static final int MAX_COMMENT = 5000;

    private final Services s;
    private final Approvals approvals;

    DeploymentRoutes(Services services) {
        this.s = services;
        this.approvals = new Approvals(services.db());
    }

    void mount(RoutesConfig routes) {
        routes.get(REPO + "/deployments", this::deployments);
        routes.get(REPO + "/deployments/{id}", this::deployment);
        routes.get(REPO + "/deployments/{id}/statuses", this::statuses);
        routes.get(REPO + "/actions/runs/{id}/pending_deployments", this::pending);
        routes.post(REPO + "/actions/runs/{id}/pending_deployments", this::review);
        routes.get(REPO + "/actions/runs/{id}/approvals", this::reviews);
    }

    private void deployments(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var filter = new Deployment.Filter(repo.id(), param(ctx, "environment"), param(ctx, "ref"), param(ctx, "sha"));
        var links = s.links(ctx);
        ctx.json(s.db().deployments().list(filter, Requests.page(ctx)).stream()
                .map(d -> EnvironmentViews.deployment(d, repo, s.db(), links))
                .toList());
    }

    private void deployment(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(EnvironmentViews.deployment(deployment(ctx, repo), repo, s.db(), s.links(ctx)));
    }

    private void statuses(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var d = deployment(ctx, repo);
        var links = s.links(ctx);
        ctx.json(s.db().deployments().statuses(d.id()).stream()
                .map(st -> EnvironmentViews.status(st, d, repo, links))
                .toList());
    }

    private void pending(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = run(ctx, repo);
        var user = Requests.user(ctx);
        var links = s.links(ctx);
        ctx.json(approvals.pending(run).stream()
                .map(p -> EnvironmentViews.pending(
                        p,
                        repo,
                        s.db(),
                        links,
                        user.map(u -> Approvals.mayReview(p.environment(), u, run))
                                .orElse(false)))
                .toList());
    }

    /** {@code {environment_ids, state: approved|rejected, comment}}: answers the run's deployments to them. */
    private void review(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var user = Requests.requireUser(ctx);
        var run = run(ctx, repo);
        var body = Requests.body(ctx);
        var ids = body.get("environment_ids");
        if (ids == null || !ids.isArray()) {
            throw ApiError.invalid("'environment_ids' is required: an array of environment ids");
        }
        List<Long> environmentIds = new ArrayList<>();
        for (var id : ids) {
            if (!id.canConvertToLong()) {
                throw ApiError.invalid("'environment_ids' must hold environment ids (numbers)");
            }
            environmentIds.add(id.asLong());
        }
        var state = Requests.string(body, "state");
        if (!state.equals("approved") && !state.equals("rejected")) {
            throw ApiError.invalid("'state' must be 'approved' or 'rejected', got '" + state + "'");
        }
        var comment = Requests.optString(body, "comment", MAX_COMMENT)
                .orElseThrow(() -> ApiError.invalid("'comment' is required"));
        switch (approvals.review(run, user, environmentIds, state.equals("approved"), comment)) {
            case Approvals.Outcome.Refused r ->
                throw r.status() == 403 ? ApiError.forbidden(r.message()) : ApiError.invalid(r.message());
            case Approvals.Outcome.Reviewed reviewed -> {
                // the deployments of the run's jobs that waited for these environments
                var reviewedIds =
                        reviewed.environments().stream().map(e -> e.id()).toList();
                var links = s.links(ctx);
                ctx.json(s.db().gates().forRun(run.id()).stream()
                        .filter(g -> reviewedIds.contains(g.environmentId()))
                        .flatMap(g -> s.db().deployments().forJob(g.jobId()).stream())
                        .map(d -> EnvironmentViews.deployment(d, repo, s.db(), links))
                        .toList());
            }
        }
    }

    private void reviews(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = run(ctx, repo);
        var links = s.links(ctx);
        ctx.json(s.db().gates().reviews(run.id()).stream()
                .map(r -> EnvironmentViews.review(r, repo, s.db(), links))
                .toList());
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    private Run run(Context ctx, Repo repo) {
        return s.db().runs()
                .find(Requests.longPath(ctx, "id"))
                .filter(r -> r.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
    }

    private Deployment deployment(Context ctx, Repo repo) {
        return s.db().deployments()
                .find(Requests.longPath(ctx, "id"))
                .filter(d -> d.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
    }
}
