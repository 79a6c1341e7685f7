package dev.slipway.server.hooks;

import dev.slipway.server.metrics.ForwardingRunMetrics;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.runs.WorkflowRunEvents;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The run service's reports turned into GitHub's {@code workflow_run} ({@code requested}, {@code in_progress}, {@code completed}) and
 * {@code workflow_job} ({@code completed}) webhook events, passed on to {@code next} (the metrics) as well. Never
 * throws: webhooks must not break a run.
 */
public final class RunHooks extends ForwardingRunMetrics {
    private final Webhooks hooks;
    private final Database db;
    private final Supplier<String> serverUrl;

    public RunHooks(RunMetrics next, Webhooks hooks, Database db, Supplier<String> serverUrl) {
        super(next);
        this.hooks = hooks;
        this.db = db;
        this.serverUrl = serverUrl;
    }

    @Override
    public void runStarted(Run run) {
        super.runStarted(run);
        // GitHub sends requested when the run is made; here it is when it leaves the queue, just before in_progress
        sendRun(run, "requested");
        sendRun(run, "in_progress");
    }

    @Override
    public void runCompleted(Run run) {
        super.runCompleted(run);
        sendRun(run, "completed");
    }

    @Override
    public void jobCompleted(Job job) {
        super.jobCompleted(job);
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

    private void sendRun(Run run, String action) {
        try {
            repo(run)
                    .ifPresent(repo -> hooks.send(
                            repo,
                            "workflow_run",
                            Optional.of(action),
                            Map.of("workflow_run", WorkflowRunEvents.run(db, repo, run, serverUrl.get())),
                            run.actor()));
        } catch (RuntimeException e) {
            // as above
        }
    }

    private Optional<Repo> repo(Run run) {
        return db.repos().find(run.repoId());
    }

    private Map<String, @Nullable Object> job(Job j, Repo repo) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("run_id", j.runId());
        m.put("run_attempt", j.runAttempt());
        m.put("name", j.name());
        m.put("status", WorkflowRunEvents.code(j.status()));
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
}
