package dev.slipway.server.web;

import dev.slipway.git.Repositories;
import dev.slipway.server.api.EventStream;
import dev.slipway.server.api.LogTail;
import dev.slipway.server.api.RunControl;
import dev.slipway.server.api.RunEvents;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.StepStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs of a repository (filtered, paged), a run's job graph, artifacts and buttons, a job's log (live over SSE while
 * it runs, raw download). The run page refreshes its fragment when its event stream reports a change.
 */
final class ActionsPages {
    static final String ACTIONS = "/{owner}/{repo}/actions";
    private static final String RUN = ACTIONS + "/runs/{id}";
    private static final String JOB = RUN + "/jobs/{job}";
    private static final int PAGE_SIZE = 25;
    private static final List<String> EVENTS =
            List.of("push", "pull_request", "workflow_dispatch", "schedule", "workflow_call");
    private static final List<String> STATUSES =
            List.of("queued", "in_progress", "waiting", "completed", "success", "failure", "cancelled", "skipped");

    private final Database db;
    private final Repositories git;
    private final RunControl runs;
    private final Access access;
    private final Templates templates;
    private final EnvironmentPages environments;

    ActionsPages(
            Database db,
            Repositories git,
            RunControl runs,
            Access access,
            Templates templates,
            EnvironmentPages environments) {
        this.environments = environments;
        this.db = db;
        this.git = git;
        this.runs = runs;
        this.access = access;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get(ACTIONS, this::list);
        routes.get(RUN, ctx -> run(ctx, "run.jte"));
        routes.get(RUN + "/live", ctx -> run(ctx, "run_live.jte"));
        routes.get(RUN + "/events", this::runEvents);
        routes.post(RUN + "/cancel", this::cancel);
        routes.post(RUN + "/rerun", this::rerun);
        routes.get(RUN + "/artifacts/{artifact}", this::artifact);
        routes.get(JOB, this::job);
        routes.get(JOB + "/stream", this::jobStream);
        routes.get(JOB + "/raw", this::raw);
    }

    private void list(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var now = Instant.now();
        var filter = RunFilter.repo(repo.id());
        var workflow = param(ctx, "workflow");
        var branch = param(ctx, "branch");
        var event = param(ctx, "event");
        var status = param(ctx, "status").filter(STATUSES::contains);
        var actor = param(ctx, "actor");
        if (workflow.isPresent()) {
            filter = filter.workflowPath(".github/workflows/" + workflow.get());
        }
        filter = branch.map(filter::branch).orElse(filter);
        filter = event.map(filter::event).orElse(filter);
        filter = actor.map(filter::actor).orElse(filter);
        if (status.isPresent()) {
            filter = filter.statusOrConclusion(status.get());
        }
        long total = db.runs().count(filter);
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(pages, Math.max(1, intParam(ctx, "page")));
        var rows = db.runs().list(filter, Page.of(page, PAGE_SIZE)).stream()
                .map(r -> row(r, repo.fullName(), now))
                .toList();
        var base = "/" + repo.fullName() + "/actions";
        List<RunModel.WorkflowLink> workflows;
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            workflows = Workflows.at(hosted, hosted.defaultBranch()).stream()
                    .map(w -> {
                        // a disabled workflow cannot be dispatched: no "Run workflow" button for it
                        boolean disabled =
                                !db.workflows().ensure(repo.id(), w.path()).active();
                        return new RunModel.WorkflowLink(
                                w.name(),
                                w.file(),
                                base + "?workflow=" + Html.query(w.file()),
                                workflow.filter(w.file()::equals).isPresent(),
                                w.dispatchable() && !disabled
                                        ? base + "/workflows/" + Html.query(w.file()) + "/dispatch"
                                        : "",
                                disabled);
                    })
                    .toList();
        }
        var selected = workflows.stream()
                .filter(RunModel.WorkflowLink::selected)
                .findFirst()
                .map(w -> selectedWorkflow(ctx, seen, w));
        var query = new StringBuilder();
        workflow.ifPresent(v -> query.append("&workflow=").append(Html.query(v)));
        branch.ifPresent(v -> query.append("&branch=").append(Html.query(v)));
        event.ifPresent(v -> query.append("&event=").append(Html.query(v)));
        status.ifPresent(v -> query.append("&status=").append(Html.query(v)));
        actor.ifPresent(v -> query.append("&actor=").append(Html.query(v)));
        var view = new RunModel.RunsView(
                repo.fullName(),
                rows,
                total,
                workflows,
                options(EVENTS, event),
                options(STATUSES, status),
                branch.orElse(""),
                actor.orElse(""),
                workflow.orElse(""),
                selected,
                !query.isEmpty(),
                page > 1 ? Optional.of(base + "?page=" + (page - 1) + query) : Optional.empty(),
                page < pages ? Optional.of(base + "?page=" + (page + 1) + query) : Optional.empty(),
                page,
                pages);
        templates.page(
                ctx,
                "runs.jte",
                Map.of("chrome", Access.chrome("Actions · " + repo.fullName(), seen.visitor()), "view", view));
    }

    private RunModel.SelectedWorkflow selectedWorkflow(Context ctx, Access.Seen seen, RunModel.WorkflowLink w) {
        var path = "/" + seen.repo().fullName() + "/actions/workflows/" + Html.query(w.file());
        // as the visitor reached the server: the address a README on this server embeds
        var server = ctx.scheme() + "://" + ctx.host();
        var badge = server + path + "/badge.svg";
        var markdown = "[![" + w.name() + "](" + badge + ")](" + server + "/"
                + seen.repo().fullName() + "/actions?workflow=" + Html.query(w.file()) + ")";
        var stateHref = access.canWrite(seen) ? path + (w.disabled() ? "/enable" : "/disable") : "";
        return new RunModel.SelectedWorkflow(path + "/badge.svg", markdown, w.disabled(), stateHref);
    }

    private static List<RunModel.Option> options(List<String> values, Optional<String> selected) {
        return values.stream()
                .map(v -> new RunModel.Option(
                        v, v.replace('_', ' '), selected.filter(v::equals).isPresent()))
                .toList();
    }

    private void run(Context ctx, String template) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var run = run(ctx, repo);
        var now = Instant.now();
        var row = row(run, repo.fullName(), now);
        var pending = environments.pending(run, seen, row.href());
        var canWrite = access.canWrite(seen);
        var artifacts = db.artifacts().list(run.id()).stream()
                .map(a -> new RunModel.ArtifactRow(
                        a.name(),
                        RepoPages.size(a.size()),
                        row.href() + "/artifacts/" + a.id(),
                        a.expires().isAfter(now) ? "expires " + Times.until(a.expires(), now) : "expired",
                        !a.expires().isAfter(now)))
                .toList();
        var view = new RunModel.RunView(
                repo.fullName(),
                row,
                JobGraph.of(jobs(run), row.href(), now),
                artifacts,
                live(run),
                row.href() + "/live",
                row.href() + "/events",
                canWrite,
                canWrite && run.status() != RunStatus.COMPLETED,
                canWrite && run.status() == RunStatus.COMPLETED,
                run.attempt() > 1 ? "Attempt #" + run.attempt() : "",
                summaries(jobs(run)),
                pending);
        templates.page(
                ctx,
                template,
                Map.of("chrome", Access.chrome(run.name() + " #" + run.number(), seen.visitor()), "view", view));
    }

    /** A run's row, {@code waiting} while a job of it waits at an environment's protection rules. */
    private Model.RunRow row(Run run, String fullName, Instant now) {
        var row = RunRows.run(run, fullName, now);
        return run.status() == RunStatus.IN_PROGRESS && db.gates().anyWaiting(run.id())
                ? row.withState("waiting", "waiting")
                : row;
    }

    private static boolean live(Run run) {
        return run.status() != RunStatus.COMPLETED;
    }

    private void runEvents(Context ctx) {
        var seen = access.repo(ctx);
        var run = run(ctx, seen.repo());
        EventStream.serve(ctx, RunEvents.of(db, run.id()));
    }

    private void cancel(Context ctx) {
        var run = writable(ctx);
        if (run.status() != RunStatus.COMPLETED) {
            runs.cancel(run.id());
        }
        ctx.redirect(ctx.path().replaceAll("/cancel$", ""), HttpStatus.SEE_OTHER);
    }

    private void rerun(Context ctx) {
        var run = writable(ctx);
        if (run.status() == RunStatus.COMPLETED) {
            runs.rerun(run.id());
        }
        ctx.redirect(ctx.path().replaceAll("/rerun$", ""), HttpStatus.SEE_OTHER);
    }

    /** The run of a POST the visitor may change (write access, the form's CSRF token); else 403 or 404. */
    private Run writable(Context ctx) {
        var seen = access.repo(ctx);
        access.requireWrite(ctx, seen);
        return run(ctx, seen.repo());
    }

    private void artifact(Context ctx) {
        var seen = access.repo(ctx);
        var run = run(ctx, seen.repo());
        var artifact = db.artifacts()
                .find(Access.number(ctx, "artifact"))
                .filter(a -> a.runId() == run.id())
                .filter(a -> a.expires().isAfter(Instant.now()))
                .orElseThrow(NotFound::new);
        try {
            ctx.header("Content-Disposition", "attachment; filename=\"" + artifact.fileName() + "\"");
            ctx.header("Content-Length", Long.toString(artifact.size()));
            ctx.contentType(artifact.contentType()).result(runs.openArtifact(artifact));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + artifact.id(), e);
        }
    }

    private void job(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var run = run(ctx, repo);
        var job = job(ctx, run);
        var now = Instant.now();
        var runRow = row(run, repo.fullName(), now);
        var jobRow = RunRows.job(job, runRow.href(), now);
        boolean live = job.status() != JobStatus.COMPLETED;
        var steps = db.steps().list(job.id()).stream()
                .map(s -> new RunModel.StepRow(
                        s.index() + 1,
                        s.name(),
                        RunRows.state(
                                s.status() == StepStatus.IN_PROGRESS, s.status() == StepStatus.PENDING, s.conclusion()),
                        s.started()
                                .map(t -> Times.duration(
                                        Duration.between(t, s.completed().orElse(now))))
                                .orElse("")))
                .toList();
        var view = new RunModel.JobView(
                repo.fullName(),
                runRow,
                jobRow,
                live ? "" : LogView.toHtml(log(job)),
                live,
                jobRow.href() + "/stream",
                jobRow.href() + "/raw",
                steps);
        templates.page(
                ctx,
                "job.jte",
                Map.of("chrome", Access.chrome(job.name() + " · " + run.name(), seen.visitor()), "view", view));
    }

    private void jobStream(Context ctx) {
        var seen = access.repo(ctx);
        var job = job(ctx, run(ctx, seen.repo()));
        EventStream.serve(ctx, LogTail.of(db, runs, job.id(), LogView.live(), EventStream.lastEventId(ctx)));
    }

    private void raw(Context ctx) {
        var seen = access.repo(ctx);
        var job = job(ctx, run(ctx, seen.repo()));
        var file = runs.logFile(job.id()).filter(Files::isRegularFile).orElseThrow(NotFound::new);
        try {
            ctx.header("Content-Disposition", "inline; filename=\"job-" + job.id() + ".log\"");
            ctx.contentType("text/plain; charset=utf-8").result(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of job " + job.id(), e);
        }
    }

    /** The step summaries of a run's jobs, kept beside their logs as {@code <jobId>.summary.md}. */
    private List<RunModel.Summary> summaries(List<Job> jobs) {
        var result = new java.util.ArrayList<RunModel.Summary>();
        for (var job : jobs) {
            runs.logFile(job.id())
                    .map(log -> log.resolveSibling(job.id() + ".summary.md"))
                    .filter(java.nio.file.Files::isRegularFile)
                    .ifPresent(file -> {
                        try {
                            result.add(new RunModel.Summary(
                                    job.name(), Markdown.toHtml(java.nio.file.Files.readString(file))));
                        } catch (java.io.IOException e) {
                            // a summary that cannot be read is left out; the log still has the job's output
                        }
                    });
        }
        return result;
    }

    private List<String> log(Job job) {
        var file = runs.logFile(job.id()).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return new ArrayList<>(new String(Files.readAllBytes(file.get()), StandardCharsets.UTF_8)
                    .lines()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of job " + job.id(), e);
        }
    }

    private List<Job> jobs(Run run) {
        return db.jobs().listForRun(run.id()).stream()
                .filter(j -> j.runAttempt() == run.attempt())
                .toList();
    }

    private Job job(Context ctx, Run run) {
        return db.jobs()
                .find(Access.number(ctx, "job"))
                .filter(j -> j.runId() == run.id())
                .orElseThrow(NotFound::new);
    }

    private Run run(Context ctx, Repo repo) {
        return db.runs()
                .find(Access.number(ctx, "id"))
                .filter(r -> r.repoId() == repo.id())
                .orElseThrow(NotFound::new);
    }

    static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    static int intParam(Context ctx, String name) {
        try {
            return param(ctx, name).map(Integer::parseInt).orElse(1);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
