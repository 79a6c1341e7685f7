package dev.slipway.runtime;

import dev.slipway.expr.Value;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One job to run.
 *
 * @param jobKey unique key of this job attempt, e.g. {@code run-12/build/1}
 * @param workflow the workflow the job belongs to (for its {@code env} and {@code defaults})
 * @param job the job, with matrix values already chosen
 * @param displayName the job's rendered name
 * @param contexts the run-level contexts: {@code github}, {@code needs}, {@code inputs}, {@code vars}, {@code matrix},
 *     {@code strategy}; the runtime adds {@code env}, {@code steps}, {@code runner}, {@code secrets}, {@code job}
 * @param secrets the secrets, {@code GITHUB_TOKEN} included when there is one
 * @param repoRoot the local git repository of the run
 * @param workspace the job's working directory ({@code GITHUB_WORKSPACE}); created when missing
 * @param runnerTemp a per-job temporary directory ({@code RUNNER_TEMP}); created when missing
 * @param labels the {@code runs-on} labels the job matched
 * @param image the container image the job's {@code runs-on} label maps to (e.g. from {@code -P
 *     ubuntu-latest=docker://IMAGE}); empty for a host job. The job's {@code container:} wins over it.
 */
public record JobRequest(
        String jobKey,
        Workflow workflow,
        Job job,
        String displayName,
        Map<String, Value> contexts,
        Map<String, String> secrets,
        Path repoRoot,
        Path workspace,
        Path runnerTemp,
        Map<String, String> labels,
        Optional<String> image) {
    public JobRequest {
        contexts = Map.copyOf(contexts);
        secrets = Map.copyOf(secrets);
        labels = Map.copyOf(labels);
    }

    /** A job whose {@code runs-on} label maps to no image. */
    public JobRequest(
            String jobKey,
            Workflow workflow,
            Job job,
            String displayName,
            Map<String, Value> contexts,
            Map<String, String> secrets,
            Path repoRoot,
            Path workspace,
            Path runnerTemp,
            Map<String, String> labels) {
        this(
                jobKey,
                workflow,
                job,
                displayName,
                contexts,
                secrets,
                repoRoot,
                workspace,
                runnerTemp,
                labels,
                Optional.empty());
    }
}
