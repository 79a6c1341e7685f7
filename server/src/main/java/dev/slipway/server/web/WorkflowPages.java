package dev.slipway.server.web;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.WorkflowRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * Disabling and enabling a workflow from the runs page (GitHub's "Disable workflow"), and a workflow's status badge, as GitHub's {@code /OWNER/REPO/actions/workflows/FILE/badge.svg}: the conclusion of its
 * latest completed run on the default branch (on any branch when the default branch has none), or on the {@code
 * branch} and for the {@code event} the query names. A private repository's badge is seen only by its readers.
 */
final class WorkflowPages {
    private final Database db;
    private final Access access;

    WorkflowPages(Database db, Access access) {
        this.db = db;
        this.access = access;
    }

    void mount(RoutesConfig routes) {
        routes.get(ActionsPages.ACTIONS + "/workflows/{file}/badge.svg", this::badge);
        routes.post(ActionsPages.ACTIONS + "/workflows/{file}/disable", ctx -> setState(ctx, WorkflowRecord.DISABLED));
        routes.post(ActionsPages.ACTIONS + "/workflows/{file}/enable", ctx -> setState(ctx, WorkflowRecord.ACTIVE));
    }

    /** The runs page's form: writers only, with the page's CSRF token; back to the workflow's runs. */
    private void setState(Context ctx, String state) {
        var seen = access.repo(ctx);
        access.requireWrite(ctx, seen);
        var file = ctx.pathParam("file");
        var record = db.workflows().list(seen.repo().id()).stream()
                .filter(w -> w.isNamed(file))
                .findFirst()
                .orElseThrow(NotFound::new);
        db.workflows().setState(record.id(), state);
        ctx.redirect("/" + seen.repo().fullName() + "/actions?workflow=" + Html.query(file), HttpStatus.SEE_OTHER);
    }

    private void badge(Context ctx) {
        var repo = access.repo(ctx).repo();
        var file = ctx.pathParam("file");
        var path = db.workflows().list(repo.id()).stream()
                .filter(w -> w.isNamed(file))
                .map(WorkflowRecord::path)
                .findFirst()
                .orElse(".github/workflows/" + file);
        var base = RunFilter.repo(repo.id()).workflowPath(path).status(RunStatus.COMPLETED);
        var event = ctx.queryParam("event");
        if (event != null && !event.isBlank()) {
            base = base.event(event);
        }
        var branch = ctx.queryParam("branch");
        Optional<Run> latest = branch != null && !branch.isBlank()
                ? latest(base.branch(branch))
                : latest(base.branch(repo.defaultBranch())).or(() -> latest(repoWide(repo, path, event)));
        var label = latest.map(Run::name).orElse(file);
        var status = latest.flatMap(Run::conclusion).map(WorkflowPages::words).orElse(NO_STATUS);
        ctx.header("Cache-Control", "no-cache, max-age=0");
        ctx.contentType("image/svg+xml; charset=utf-8");
        ctx.result(BadgeSvg.render(label, status.text(), status.colour()));
    }

    private RunFilter repoWide(Repo repo, String path, String event) {
        var filter = RunFilter.repo(repo.id()).workflowPath(path).status(RunStatus.COMPLETED);
        return event != null && !event.isBlank() ? filter.event(event) : filter;
    }

    private Optional<Run> latest(RunFilter filter) {
        return db.runs().list(filter, Page.first(1)).stream().findFirst();
    }

    private record Words(String text, String colour) {}

    private static final Words NO_STATUS = new Words("no status", "#9f9f9f");

    private static Words words(Conclusion conclusion) {
        return switch (conclusion) {
            case SUCCESS -> new Words("passing", "#4c1");
            case FAILURE, TIMED_OUT -> new Words("failing", "#e05d44");
            case CANCELLED -> new Words("cancelled", "#9f9f9f");
            default -> NO_STATUS;
        };
    }
}
