package dev.slipway.server.runs;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.protocol.Assignment;
import dev.slipway.run.JobLauncher;
import dev.slipway.run.JobResults;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobEnvironment;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.environments.Gatekeeper;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Run;
import dev.slipway.workflow.CacheMode;
import dev.slipway.workflow.TokenPermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands the job instances of one run to agents: each becomes a job row in the persistent queue, with the workflow
 * text and resolved contexts an agent rebuilds it from, and the orchestrator's thread waits for its result. A job
 * with an {@code environment:} first passes its protection rules ({@link Gatekeeper}, which may keep it waiting) and
 * then sees the environment's secrets and variables over the repository's.
 */
final class QueuedLauncher implements JobLauncher {
    private final AgentHub hub;
    private final RunRecorder recorder;
    private final Function<String, Optional<String>> workflowText;
    private final String repository;
    private final String serverUrl;
    private final Gatekeeper gatekeeper;
    private final Run run;
    private final String runUrl;

    /**
     * @param workflowText the text of a workflow file at the run's commit, by repository-relative path
     * @param repository {@code owner/name}
     */
    QueuedLauncher(
            AgentHub hub,
            RunRecorder recorder,
            Function<String, Optional<String>> workflowText,
            String repository,
            String serverUrl,
            Gatekeeper gatekeeper,
            Run run,
            String runUrl) {
        this.hub = hub;
        this.recorder = recorder;
        this.workflowText = workflowText;
        this.repository = repository;
        this.serverUrl = serverUrl;
        this.gatekeeper = gatekeeper;
        this.run = run;
        this.runUrl = runUrl;
    }

    @Override
    public JobResult launch(Launch job, Cancellation cancel) {
        var ref = job.ref();
        var path = job.workflow().path();
        var clean = path.startsWith("./") ? path.substring(2) : path;
        var text = workflowText.apply(clean);
        if (text.isEmpty()) {
            return JobResults.without(Conclusion.FAILURE, "cannot read " + clean + " at the run's commit");
        }
        var row = recorder.row(ref);
        return switch (JobEnvironment.of(job.job(), job.contexts())) {
            case JobEnvironment.Evaluated.None none -> submit(job, row, clean, text.get(), cancel);
            case JobEnvironment.Evaluated.Invalid bad -> JobResults.without(Conclusion.FAILURE, bad.message());
            case JobEnvironment.Evaluated.Named named -> {
                var admission = gatekeeper.admit(run, row, named.environment(), runUrl, cancel, recorder::suspended);
                yield switch (admission) {
                    case Gatekeeper.Admission.Refused refused ->
                        JobResults.without(
                                refused.cancelled() ? Conclusion.CANCELLED : Conclusion.FAILURE, refused.message());
                    case Gatekeeper.Admission.Admitted admitted -> {
                        var result = submit(withEnvironment(job, admitted), row, clean, text.get(), cancel);
                        gatekeeper.finished(admitted, result, runUrl);
                        yield result;
                    }
                };
            }
        };
    }

    /**
     * The job as the admitted environment gives it: its secrets and variables over the repository's, and its
     * deployment moving to in_progress when the job starts.
     */
    /** The variable ({@code vars.SLIPWAY_ENVIRONMENT}) naming the environment a job was admitted to. */
    static final String SLIPWAY_ENVIRONMENT = "SLIPWAY_ENVIRONMENT";

    private Launch withEnvironment(Launch job, Gatekeeper.Admission.Admitted admitted) {
        Map<String, String> secrets = new LinkedHashMap<>(job.secrets());
        secrets.putAll(admitted.secrets());
        Map<String, Value> vars = new LinkedHashMap<>();
        if (job.contexts().get("vars") instanceof Value.Obj repoVars) {
            vars.putAll(repoVars.fields());
        }
        admitted.variables().forEach((k, v) -> vars.put(k, Value.of(v)));
        // what a job with an environment deploys to on the server: slipway/rollout's target, and the honest sign
        // that a workflow runs on a server (slipway run sets no variables of its own)
        vars.putIfAbsent(SLIPWAY_ENVIRONMENT, Value.of(admitted.environment().name()));
        Map<String, Value> contexts = new LinkedHashMap<>(job.contexts());
        contexts.put("vars", new Value.Obj(vars));
        Supplier<JobListener> started = () -> {
            gatekeeper.started(admitted, runUrl);
            return job.started().get();
        };
        return new Launch(
                job.ref(),
                job.workflow(),
                job.job(),
                contexts,
                secrets,
                job.labels(),
                job.repository(),
                job.repoRoot(),
                job.jobDir(),
                started);
    }

    private JobResult submit(Launch job, Job row, String clean, String text, Cancellation cancel) {
        var ref = job.ref();
        var draft = new Assignment(
                row.id(),
                0,
                "",
                ref.key(),
                ref.name(),
                clean,
                text,
                ref.jobId(),
                Values.toJson(new Value.Obj(job.contexts())),
                job.secrets(),
                job.labels(),
                repository,
                serverUrl + "/" + repository + ".git",
                serverUrl,
                CacheMode.of(job.job(), job.workflow(), job.contexts()).toString(),
                "");
        return hub.submit(row, draft, TokenPermissions.of(job.job(), job.workflow()), job.started(), cancel);
    }
}
