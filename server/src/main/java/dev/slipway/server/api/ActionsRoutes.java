package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.UserError;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Workflow runs, their jobs and logs, dispatching and cancelling. */
final class ActionsRoutes {
    private static final String ACTIONS = Api.PREFIX + "/repos/{owner}/{repo}/actions";
    private final Services s;

    ActionsRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(ACTIONS + "/runs", this::runs);
        routes.get(ACTIONS + "/runs/{id}", this::run);
        routes.get(ACTIONS + "/runs/{id}/jobs", this::jobs);
        routes.post(ACTIONS + "/runs/{id}/cancel", ctx -> cancel(ctx, false));
        routes.post(ACTIONS + "/runs/{id}/force-cancel", ctx -> cancel(ctx, true));
        routes.post(ACTIONS + "/runs/{id}/rerun", this::rerun);
        routes.post(ACTIONS + "/runs/{id}/rerun-failed-jobs", this::rerunFailed);
        routes.post(ACTIONS + "/jobs/{id}/rerun", this::rerunJob);
        routes.get(ACTIONS + "/jobs/{id}", this::job);
        routes.get(ACTIONS + "/jobs/{id}/logs", this::logs);
        routes.get(ACTIONS + "/jobs/{id}/logs/stream", this::logStream);
        routes.get(ACTIONS + "/runs/{id}/events", this::runEvents);
    }

    private void runs(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        runs(ctx, repo, RunFilter.repo(repo.id()));
    }

    /**
     * Answers with the runs {@code base} selects, narrowed by the request's {@code branch}, {@code event}, {@code
     * actor} and {@code status} parameters, in GitHub's {@code workflow_runs} shape.
     */
    void runs(Context ctx, Repo repo, RunFilter base) {
        var filter = base;
        var branch = ctx.queryParam("branch");
        if (branch != null && !branch.isBlank()) {
            filter = filter.branch(branch);
        }
        var event = ctx.queryParam("event");
        if (event != null && !event.isBlank()) {
            filter = filter.event(event);
        }
        var actor = ctx.queryParam("actor");
        if (actor != null && !actor.isBlank()) {
            filter = filter.actor(actor);
        }
        var status = ctx.queryParam("status");
        if (status != null && !status.isBlank()) {
            try {
                filter = filter.statusOrConclusion(status);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid(e.getMessage());
            }
        }
        var links = s.links(ctx);
        var ids = new java.util.HashMap<String, Long>();
        var runs = s.db().runs().list(filter, Requests.page(ctx)).stream()
                .map(r -> Views.run(
                        r, repo, links, ids.computeIfAbsent(r.workflowPath(), p -> workflowId(repo, p)), waiting(r)))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", s.db().runs().count(filter));
        body.put("workflow_runs", runs);
        ctx.json(body);
    }

    private void run(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = run(ctx, repo);
        ctx.json(Views.run(run, repo, s.links(ctx), workflowId(repo, run.workflowPath()), waiting(run)));
    }

    /** Whether a job of the run waits at an environment's protection rules. */
    private boolean waiting(Run run) {
        return run.status() == RunStatus.IN_PROGRESS && s.db().gates().anyWaiting(run.id());
    }

    private void jobs(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = run(ctx, repo);
        var links = s.links(ctx);
        var jobs = s.db().jobs().listForRun(run.id()).stream()
                .filter(j -> j.runAttempt() == run.attempt())
                .map(j -> Views.job(j, s.db().steps().list(j.id()), repo, links))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", jobs.size());
        body.put("jobs", jobs);
        ctx.json(body);
    }

    /** GitHub's cancel (running {@code always()} steps go on) and force-cancel (they stop too). */
    private void cancel(Context ctx, boolean force) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var run = run(ctx, repo);
        if (run.status() == RunStatus.COMPLETED) {
            throw ApiError.conflict("Cannot cancel a workflow run that is completed.");
        }
        if (force) {
            s.runs().forceCancel(run.id());
        } else {
            s.runs().cancel(run.id());
        }
        ctx.status(202).json(Map.of());
    }

    /** All jobs again, as the run's next attempt (GitHub keeps the run id and counts {@code run_attempt} up). */
    private void rerun(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var run = run(ctx, repo);
        if (run.status() != RunStatus.COMPLETED) {
            throw ApiError.conflict("Cannot re-run a workflow run that is not completed.");
        }
        boolean queued;
        try {
            queued = s.runs().rerun(run.id()).isPresent();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!queued) { // it was re-run by another request since we read it
            throw ApiError.conflict("Cannot re-run a workflow run that is not completed.");
        }
        ctx.status(201).json(Map.of());
    }

    /** The failed and cancelled jobs and their dependents, as the next attempt; the rest keep their results. */
    private void rerunFailed(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        rerunSome(run(ctx, repo), Optional.empty());
        ctx.status(201).json(Map.of());
    }

    /** One job of the latest attempt and the jobs that need it, as the next attempt. */
    private void rerunJob(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var job = job(ctx, repo);
        var run = s.db().runs().find(job.runId()).orElseThrow(ApiError::notFound);
        if (job.runAttempt() != run.attempt()) {
            throw ApiError.conflict("Cannot re-run a job of an earlier attempt (" + job.runAttempt()
                    + "); the run is at" + " attempt " + run.attempt() + ".");
        }
        rerunSome(run, Optional.of(job.key()));
        ctx.status(201).json(Map.of());
    }

    private void rerunSome(Run run, Optional<String> jobKey) {
        if (run.status() != RunStatus.COMPLETED) {
            throw ApiError.conflict("Cannot re-run jobs of a workflow run that is not completed.");
        }
        boolean queued;
        try {
            queued = s.runs().rerunSome(run.id(), jobKey).isPresent();
        } catch (IllegalArgumentException e) {
            throw ApiError.conflict(e.getMessage());
        }
        if (!queued) {
            throw ApiError.conflict("Cannot re-run jobs of a workflow run that is not completed.");
        }
    }

    private void job(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var job = job(ctx, repo);
        ctx.json(Views.job(job, s.db().steps().list(job.id()), repo, s.links(ctx)));
    }

    private void logs(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var job = job(ctx, repo);
        var file = s.runs().logFile(job.id()).filter(Files::isRegularFile).orElseThrow(ApiError::notFound);
        try {
            ctx.contentType("text/plain; charset=utf-8").result(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of job " + job.id(), e);
        }
    }

    /** The job's log as server-sent events, one {@code line} event per line (id: its number), then {@code end}. */
    private void logStream(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var job = job(ctx, repo);
        var after = EventStream.lastEventId(ctx);
        EventStream.serve(ctx, LogTail.of(s.db(), s.runs(), job.id(), LogTail.raw(), after));
    }

    /** The run's and its jobs' states as server-sent {@code status} events (JSON) whenever they change, then end. */
    private void runEvents(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = run(ctx, repo);
        EventStream.serve(ctx, RunEvents.of(s.db(), run.id()));
    }

    /** {@code POST .../workflows/{id or file}/dispatches}; {@code file} is the workflow's path or file name. */
    void dispatch(Context ctx, Repo repo, String file) {
        var user = Requests.requireUser(ctx);
        var body = Requests.body(ctx);
        var ref = Requests.string(body, "ref");
        Map<String, String> inputs = new LinkedHashMap<>();
        var node = body.get("inputs");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw ApiError.invalid("'inputs' must be an object");
            }
            node.fields().forEachRemaining(e -> inputs.put(e.getKey(), text(e.getValue())));
        }
        try {
            s.runs().dispatch(repo.ownerLogin(), repo.name(), file, ref, inputs, user);
        } catch (IllegalArgumentException | UserError e) {
            throw ApiError.invalid(e.getMessage());
        }
        ctx.status(204);
    }

    /** The id of the workflow of {@code path}, as the workflows API gives it (its record made on first sight). */
    private long workflowId(Repo repo, String path) {
        return s.db().workflows().ensure(repo.id(), path).id();
    }

    private Run run(Context ctx, Repo repo) {
        return s.db().runs()
                .find(Requests.longPath(ctx, "id"))
                .filter(r -> r.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
    }

    private dev.slipway.server.store.Job job(Context ctx, Repo repo) {
        return s.db().jobs()
                .find(Requests.longPath(ctx, "id"))
                .filter(j -> j.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
    }

    /** Inputs are strings on the wire, but GitHub accepts booleans and numbers too. */
    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
