package dev.slipway.server.api;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.WorkflowFile;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.WorkflowRecord;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GitHub's workflows API: the workflow files of the default branch with stable numeric ids, one workflow's runs,
 * disabling and enabling one, and dispatching it by id or file name.
 */
final class WorkflowRoutes {
    private static final String WORKFLOWS = Api.PREFIX + "/repos/{owner}/{repo}/actions/workflows";
    private static final String ONE = WORKFLOWS + "/{workflow}";
    private final Services s;
    private final ActionsRoutes actions;

    WorkflowRoutes(Services services, ActionsRoutes actions) {
        this.s = services;
        this.actions = actions;
    }

    void mount(RoutesConfig routes) {
        routes.get(WORKFLOWS, this::list);
        routes.get(ONE, this::one);
        routes.get(ONE + "/runs", this::runs);
        routes.put(ONE + "/disable", ctx -> setState(ctx, WorkflowRecord.DISABLED));
        routes.put(ONE + "/enable", ctx -> setState(ctx, WorkflowRecord.ACTIVE));
        routes.post(ONE + "/dispatches", this::dispatch);
    }

    /** A workflow file with its record and the name its file gives (the path when it does not parse). */
    private record Entry(WorkflowRecord record, String name) {}

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var links = s.links(ctx);
        var shown = entries(repo).stream().map(e -> view(e, repo, links)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", shown.size());
        body.put("workflows", shown);
        ctx.json(body);
    }

    private void one(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(view(entry(ctx, repo), repo, s.links(ctx)));
    }

    private void runs(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var entry = entry(ctx, repo);
        actions.runs(
                ctx, repo, RunFilter.repo(repo.id()).workflowPath(entry.record().path()));
    }

    private void setState(Context ctx, String state) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        s.db().workflows().setState(entry(ctx, repo).record().id(), state);
        ctx.status(204);
    }

    private void dispatch(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var workflow = ctx.pathParam("workflow");
        // a number is an id; any other value is a file name or path, which the dispatch looks up at the ref given
        String file = isId(workflow) ? entry(ctx, repo).record().path() : workflow;
        actions.dispatch(ctx, repo, file);
    }

    /** The workflow the path parameter names: its id, or its file's name or path; 404 when none. */
    private Entry entry(Context ctx, Repo repo) {
        var wanted = ctx.pathParam("workflow");
        var onBranch = entries(repo);
        for (Entry e : onBranch) {
            var r = e.record();
            if (isId(wanted) ? Long.toString(r.id()).equals(wanted) : r.isNamed(wanted)) {
                return e;
            }
        }
        // one whose file is no longer on the default branch (it ran from another branch, or was removed)
        return s.db().workflows().list(repo.id()).stream()
                .filter(r -> isId(wanted) ? Long.toString(r.id()).equals(wanted) : r.isNamed(wanted))
                .findFirst()
                .map(r -> new Entry(r, r.path()))
                .orElseThrow(ApiError::notFound);
    }

    /** The workflow files of the default branch's tip, each with its record (made on first sight). */
    private List<Entry> entries(Repo repo) {
        List<WorkflowFile> files = s.withGit(repo, git -> filesAtDefaultBranch(git, repo));
        var out = new ArrayList<Entry>();
        for (WorkflowFile f : files) {
            var name = WorkflowParser.parse(f.path(), f.content())
                    .value()
                    .map(Workflow::displayName)
                    .orElse(f.path());
            out.add(new Entry(s.db().workflows().ensure(repo.id(), f.path()), name));
        }
        return out;
    }

    private static List<WorkflowFile> filesAtDefaultBranch(HostedRepo git, Repo repo) {
        if (git.isEmpty()) {
            return List.of();
        }
        return git.resolve("refs/heads/" + repo.defaultBranch())
                .map(git::listWorkflowFiles)
                .orElse(List.of());
    }

    private static boolean isId(String text) {
        return !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit);
    }

    private static Map<String, @Nullable Object> view(Entry e, Repo repo, Links links) {
        var r = e.record();
        var m = Views.obj();
        m.put("id", r.id());
        m.put("name", e.name());
        m.put("path", r.path());
        m.put("state", r.state());
        m.put("created_at", Views.time(r.created()));
        m.put("updated_at", Views.time(r.updated()));
        m.put("url", links.repoApi(repo.fullName()) + "/actions/workflows/" + r.id());
        m.put("html_url", links.web("/" + repo.fullName() + "/blob/" + repo.defaultBranch() + "/" + r.path()));
        m.put("badge_url", links.web("/" + repo.fullName() + "/actions/workflows/" + r.fileName() + "/badge.svg"));
        return m;
    }
}
