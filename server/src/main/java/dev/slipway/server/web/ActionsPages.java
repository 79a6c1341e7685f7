package dev.slipway.server.web;

import dev.slipway.server.api.RunControl;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs of a repository, one run's jobs by stage, and one job's log; live pages poll a fragment with htmx. */
final class ActionsPages {
    private static final String ACTIONS = "/{owner}/{repo}/actions";
    private static final String RUN = ACTIONS + "/runs/{id}";
    private static final String JOB = RUN + "/jobs/{job}";

    private final Database db;
    private final RunControl runs;
    private final Access access;
    private final Templates templates;

    ActionsPages(Database db, RunControl runs, Access access, Templates templates) {
        this.db = db;
        this.runs = runs;
        this.access = access;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get(ACTIONS, this::list);
        routes.get(RUN, ctx -> run(ctx, "run.jte"));
        routes.get(RUN + "/live", ctx -> run(ctx, "run_live.jte"));
        routes.get(JOB, ctx -> job(ctx, "job.jte"));
        routes.get(JOB + "/live", ctx -> job(ctx, "job_live.jte"));
    }

    private void list(Context ctx) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var now = Instant.now();
        var rows = db.runs().list(RunFilter.repo(repo.id()), Page.first(50)).stream()
                .map(r -> RunRows.run(r, repo.fullName(), now))
                .toList();
        templates.page(
                ctx,
                "runs.jte",
                Map.of(
                        "chrome",
                        Access.chrome("Actions · " + repo.fullName(), seen.visitor()),
                        "fullName",
                        repo.fullName(),
                        "runs",
                        rows));
    }

    private void run(Context ctx, String template) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var run = run(ctx, repo);
        var now = Instant.now();
        var row = RunRows.run(run, repo.fullName(), now);
        var stages = RunRows.stages(jobs(run), row.href(), now);
        var view = new Model.RunView(
                repo.fullName(), row, stages, run.status() != RunStatus.COMPLETED, row.href() + "/live");
        templates.page(
                ctx,
                template,
                Map.of("chrome", Access.chrome(run.name() + " #" + run.number(), seen.visitor()), "view", view));
    }

    private void job(Context ctx, String template) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        var run = run(ctx, repo);
        var job = db.jobs()
                .find(Access.number(ctx, "job"))
                .filter(j -> j.runId() == run.id())
                .orElseThrow(NotFound::new);
        var now = Instant.now();
        var runRow = RunRows.run(run, repo.fullName(), now);
        var jobRow = RunRows.job(job, runRow.href(), now);
        var view = new Model.JobView(
                repo.fullName(),
                runRow,
                jobRow,
                LogView.toHtml(log(job)),
                job.status() != JobStatus.COMPLETED,
                jobRow.href() + "/live");
        templates.page(
                ctx,
                template,
                Map.of("chrome", Access.chrome(job.name() + " · " + run.name(), seen.visitor()), "view", view));
    }

    private List<String> log(Job job) {
        var file = runs.logFile(job.id()).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return new String(Files.readAllBytes(file.get()), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of job " + job.id(), e);
        }
    }

    private List<Job> jobs(Run run) {
        return db.jobs().listForRun(run.id()).stream()
                .filter(j -> j.runAttempt() == run.attempt())
                .toList();
    }

    private Run run(Context ctx, Repo repo) {
        return db.runs()
                .find(Access.number(ctx, "id"))
                .filter(r -> r.repoId() == repo.id())
                .orElseThrow(NotFound::new);
    }
}
