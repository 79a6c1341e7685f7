package dev.slipway.server.runs;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.protocol.Assignment;
import dev.slipway.run.JobLauncher;
import dev.slipway.run.JobResults;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.workflow.CacheMode;
import dev.slipway.workflow.TokenPermissions;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hands the job instances of one run to agents: each becomes a job row in the persistent queue, with the workflow
 * text and resolved contexts an agent rebuilds it from, and the orchestrator's thread waits for its result.
 */
final class QueuedLauncher implements JobLauncher {
    private final AgentHub hub;
    private final RunRecorder recorder;
    private final Function<String, Optional<String>> workflowText;
    private final String repository;
    private final String serverUrl;

    /**
     * @param workflowText the text of a workflow file at the run's commit, by repository-relative path
     * @param repository {@code owner/name}
     */
    QueuedLauncher(
            AgentHub hub,
            RunRecorder recorder,
            Function<String, Optional<String>> workflowText,
            String repository,
            String serverUrl) {
        this.hub = hub;
        this.recorder = recorder;
        this.workflowText = workflowText;
        this.repository = repository;
        this.serverUrl = serverUrl;
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
        var draft = new Assignment(
                row.id(),
                0,
                "",
                ref.key(),
                ref.name(),
                clean,
                text.get(),
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
