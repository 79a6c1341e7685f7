package dev.slipway.server.web;

import dev.slipway.git.Repositories;
import dev.slipway.server.environments.Approvals;
import dev.slipway.server.environments.Dora;
import dev.slipway.server.environments.DoraReports;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's environments page (rules and latest deployment of each), and the review of a run's pending
 * deployments from the run page: its required reviewers approve or reject, with a comment.
 */
final class EnvironmentPages {
    private final Database db;
    private static final int DORA_DAYS = 30;
    private final Repositories git;
    private final Access access;
    private final Templates templates;
    private final Approvals approvals;
    private Optional<ServicePages> services = Optional.empty();
    private java.util.function.BiFunction<Environment, Instant, String> schedule = (e, now) -> "";

    EnvironmentPages(Database db, Repositories git, Access access, Templates templates) {
        this.db = db;
        this.git = git;
        this.access = access;
        this.templates = templates;
        this.approvals = new Approvals(db);
    }

    /**
     * Shows each environment's services with {@code pages}, and its scale schedule in one line as {@code describe}
     * gives it; before {@link #mount}.
     */
    void services(ServicePages pages, java.util.function.BiFunction<Environment, Instant, String> describe) {
        this.services = Optional.of(pages);
        this.schedule = describe;
    }

    void mount(RoutesConfig routes) {
        services.ifPresent(p -> p.mount(routes));
        routes.get("/{owner}/{repo}/environments", this::list);
        routes.post(ActionsPages.ACTIONS + "/runs/{id}/review", this::review);
    }

    /** The environments the run's jobs wait at, with the review form for the visitor when they may review. */
    List<EnvironmentModel.Pending> pending(Run run, Access.Seen seen, String runHref) {
        var user = seen.visitor().user();
        var now = Instant.now();
        return approvals.pending(run).stream()
                .map(p -> new EnvironmentModel.Pending(
                        p.environment().id(),
                        p.environment().name(),
                        p.awaitingReview(),
                        p.timerStarted()
                                .map(t -> Times.until(
                                        t.plusSeconds(60L * p.environment().waitTimer()), now))
                                .orElse(""),
                        user.map(u -> Approvals.mayReview(p.environment(), u, run))
                                .orElse(false),
                        String.join(", ", logins(p.environment())),
                        runHref + "/review",
                        seen.visitor().csrf()))
                .toList();
    }

    private void review(Context ctx) {
        var seen = access.repo(ctx);
        if (!Visitors.csrfMatches(ctx, seen.visitor())) {
            throw new Forbidden("Your form expired; reload the page and try again.");
        }
        var user = seen.visitor().user().orElseThrow(() -> new Forbidden("Sign in to review deployments."));
        var run = db.runs()
                .find(Access.number(ctx, "id"))
                .filter(r -> r.repoId() == seen.repo().id())
                .orElseThrow(NotFound::new);
        long environment;
        try {
            environment = Long.parseLong(
                    Optional.ofNullable(ctx.formParam("environment_id")).orElse(""));
        } catch (NumberFormatException e) {
            throw new Forbidden("The form names no environment.");
        }
        var state = Optional.ofNullable(ctx.formParam("state")).orElse("");
        var comment = Optional.ofNullable(ctx.formParam("comment")).orElse("");
        if (approvals.review(run, user, List.of(environment), state.equals("approved"), comment)
                instanceof Approvals.Outcome.Refused refused) {
            throw new Forbidden(refused.message());
        }
        ctx.redirect("/" + seen.repo().fullName() + "/actions/runs/" + run.id(), HttpStatus.SEE_OTHER);
    }

    private void list(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var now = Instant.now();
        List<EnvironmentModel.Row> rows;
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            rows = db.environments().list(repo.id()).stream()
                    .map(e -> new EnvironmentModel.Row(
                            e.name(),
                            rules(e),
                            latest(repo.id(), repo.fullName(), e, now),
                            dora(DoraReports.of(db, hosted, repo, e.name(), DORA_DAYS, now)),
                            services.map(p -> p.rows(seen, e, now)).orElse(List.of()),
                            schedule.apply(e, now)))
                    .toList();
        }
        templates.page(
                ctx,
                "environments.jte",
                Map.of(
                        "chrome",
                        Access.chrome("Environments · " + repo.fullName(), seen.visitor()),
                        "view",
                        new EnvironmentModel.EnvironmentsView(repo.fullName(), rows)));
    }

    /** The DORA metrics of the last {@value #DORA_DAYS} days in one line; empty when nothing was deployed. */
    static String dora(Dora.Report r) {
        if (r.deployments() + r.failed() == 0) {
            return "";
        }
        var parts = new java.util.ArrayList<String>();
        parts.add(r.deployments() + (r.deployments() == 1 ? " deployment" : " deployments") + " in " + DORA_DAYS
                + " days");
        r.leadTimeMedian().ifPresent(d -> parts.add("lead time " + Times.duration(d) + " (median)"));
        r.changeFailureRate().ifPresent(f -> parts.add(Math.round(f * 100) + "% failed"));
        r.timeToRestoreMedian().ifPresent(d -> parts.add("restored in " + Times.duration(d) + " (median)"));
        return String.join(" · ", parts);
    }

    private List<String> rules(Environment e) {
        List<String> out = new ArrayList<>();
        if (!e.reviewers().isEmpty()) {
            out.add("Required reviewers: " + String.join(", ", logins(e))
                    + (e.preventSelfReview() ? " (not the run's own actor)" : ""));
        }
        if (e.waitTimer() > 0) {
            out.add("Wait timer: " + e.waitTimer() + (e.waitTimer() == 1 ? " minute" : " minutes"));
        }
        switch (e.branchPolicy()) {
            case PROTECTED -> out.add("Deployment branches: protected branches only");
            case CUSTOM ->
                out.add("Deployment branches and tags: "
                        + String.join(
                                ", ",
                                db.environments().patterns(e.id()).stream()
                                        .map(p -> p.name() + " (" + p.type() + ")")
                                        .toList()));
            case ALL -> {}
        }
        return out;
    }

    private List<String> logins(Environment e) {
        return e.reviewers().stream()
                .map(id -> db.users().find(id).map(User::login).orElse("#" + id))
                .toList();
    }

    private Optional<EnvironmentModel.DeploymentRow> latest(long repoId, String fullName, Environment e, Instant now) {
        return db
                .deployments()
                .list(
                        new Deployment.Filter(repoId, Optional.of(e.name()), Optional.empty(), Optional.empty()),
                        Page.first(1))
                .stream()
                .findFirst()
                .map(d -> {
                    var status = db.deployments().latestStatus(d.id());
                    var run = d.runId().flatMap(id -> db.runs().find(id));
                    return new EnvironmentModel.DeploymentRow(
                            status.map(Deployment.Status::state).orElse("queued"),
                            status.map(Deployment.Status::environmentUrl).orElse(""),
                            d.sha().substring(0, Math.min(7, d.sha().length())),
                            d.sha(),
                            run.map(r -> "/" + fullName + "/actions/runs/" + r.id())
                                    .orElse(""),
                            run.map(r -> r.name() + " #" + r.number()).orElse(""),
                            Times.ago(d.updated(), now));
                });
    }
}
