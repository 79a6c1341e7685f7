package dev.slipway.server.hooks;

import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The run service's reports turned into GitHub's {@code workflow_run} ({@code in_progress}, {@code completed}) and
 * {@code workflow_job} ({@code completed}) webhook events, passed on to {@code next} (the metrics) as well. Never
 * throws: webhooks must not break a run.
 */
public final class RunHooks implements RunMetrics {
    private final RunMetrics next;
    private final Webhooks hooks;
    private final Database db;
    private final Supplier<String> serverUrl;

    public RunHooks(RunMetrics next, Webhooks hooks, Database db, Supplier<String> serverUrl) {
        this.next = next;
        this.hooks = hooks;
        this.db = db;
        this.serverUrl = serverUrl;
    }

    @Override
    public void runStarted(Run run) {
        next.runStarted(run);
        sendRun(run, "in_progress");
    }

    @Override
    public void runCompleted(Run run) {
        next.runCompleted(run);
        sendRun(run, "completed");
    }

    @Override
    public void jobCompleted(Job job) {
        next.jobCompleted(job);
        try {
            db.runs()
                    .find(job.runId())
                    .ifPresent(run -> repo(run)
                            .ifPresent(repo -> hooks.send(
                                    repo,
                                    "workflow_job",
                                    Optional.of("completed"),
                                    Map.of("workflow_job", job(job, repo)),
                                    run.actor())));
        } catch (RuntimeException e) {
            // a webhook must not break a run; the delivery log shows what was sent
        }
    }

    @Override
    public void jobLeased(Duration queueWait) {
        next.jobLeased(queueWait);
    }

    @Override
    public void jobStartedOnAgent(Duration sinceQueued) {
        next.jobStartedOnAgent(sinceQueued);
    }

    private void sendRun(Run run, String action) {
        try {
            repo(run)
                    .ifPresent(repo -> hooks.send(
                            repo,
                            "workflow_run",
                            Optional.of(action),
                            Map.of("workflow_run", run(run, repo)),
                            run.actor()));
        } catch (RuntimeException e) {
            // as above
        }
    }

    private Optional<Repo> repo(Run run) {
        return db.repos().find(run.repoId());
    }

    private Map<String, @Nullable Object> run(Run r, Repo repo) {
        var api = serverUrl.get() + "/api/v3/repos/" + repo.fullName();
        long workflowId = db.workflows().ensure(repo.id(), r.workflowPath()).id();
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("display_title", r.displayTitle());
        m.put("path", r.workflowPath());
        m.put("workflow_id", workflowId);
        m.put("run_number", r.number());
        m.put("run_attempt", r.attempt());
        m.put("event", r.event());
        m.put("status", code(r.status()));
        m.put(
                "conclusion",
                r.conclusion()
                        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                        .orElse(null));
        m.put("head_branch", r.headBranch().orElse(null));
        m.put("head_sha", r.sha());
        m.put("actor", Map.of("login", r.actor()));
        m.put("created_at", r.created().toString());
        m.put("run_started_at", r.started().map(Object::toString).orElse(null));
        m.put("updated_at", r.completed().or(r::started).orElse(r.created()).toString());
        m.put("url", api + "/actions/runs/" + r.id());
        m.put("html_url", serverUrl.get() + "/" + repo.fullName() + "/actions/runs/" + r.id());
        return m;
    }

    private Map<String, @Nullable Object> job(Job j, Repo repo) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("run_id", j.runId());
        m.put("run_attempt", j.runAttempt());
        m.put("name", j.name());
        m.put("status", code(j.status()));
        m.put(
                "conclusion",
                j.conclusion()
                        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                        .orElse(null));
        m.put("labels", j.runsOn());
        m.put("runner_name", j.agent().orElse(null));
        m.put("started_at", j.started().map(Object::toString).orElse(null));
        m.put("completed_at", j.completed().map(Object::toString).orElse(null));
        m.put("url", serverUrl.get() + "/api/v3/repos/" + repo.fullName() + "/actions/jobs/" + j.id());
        return m;
    }

    /** A status or conclusion as the API writes it ({@code in_progress}, {@code timed_out}). */
    private static String code(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
