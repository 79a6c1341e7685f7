package dev.slipway.run;

import dev.slipway.expr.Value;
import dev.slipway.plan.Event;
import dev.slipway.plan.RunInfo;
import dev.slipway.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Everything one workflow run needs.
 *
 * @param workflow the workflow to run
 * @param event the triggering event
 * @param run run id, number and attempt
 * @param github the {@code github} context of the run (without {@code job}, which is set per job)
 * @param inputs the {@code inputs} context (typed dispatch or call inputs; empty object otherwise)
 * @param secrets secret values by name
 * @param vars configuration variables ({@code vars} context)
 * @param repoRoot the repository the event belongs to (checkout source, local actions, reusable workflows)
 * @param runDir a fresh directory for this run's workspaces and temporary files
 * @param onlyJobs run only these jobs (and the jobs they need); empty: every job
 * @param matrixFilter keep only matrix combinations with one of these values for each key they have (e.g. {@code
 *     node=[18, 20]}; {@link Matrices#matches})
 * @param parallelism how many job instances may run at once
 * @param reused jobs of the workflow (by job id) or single combinations of a matrix job (by key, e.g.
 *     {@code test (18)}) that are not run but taken as an earlier attempt ended them: a re-run of failed jobs keeps
 *     the successful ones, their results and outputs
 */
public record RunRequest(
        Workflow workflow,
        Event event,
        RunInfo run,
        Value.Obj github,
        Value.Obj inputs,
        Map<String, String> secrets,
        Map<String, String> vars,
        Path repoRoot,
        Path runDir,
        Set<String> onlyJobs,
        Map<String, Set<String>> matrixFilter,
        int parallelism,
        Map<String, ReusedJob> reused) {

    public RunRequest {
        secrets = Map.copyOf(secrets);
        reused = Map.copyOf(reused);
        vars = Map.copyOf(vars);
        matrixFilter = Map.copyOf(matrixFilter);
        onlyJobs = Set.copyOf(onlyJobs);
    }

    /** A request that runs every selected job. */
    public RunRequest(
            Workflow workflow,
            Event event,
            RunInfo run,
            Value.Obj github,
            Value.Obj inputs,
            Map<String, String> secrets,
            Map<String, String> vars,
            Path repoRoot,
            Path runDir,
            Set<String> onlyJobs,
            Map<String, Set<String>> matrixFilter,
            int parallelism) {
        this(
                workflow,
                event,
                run,
                github,
                inputs,
                secrets,
                vars,
                repoRoot,
                runDir,
                onlyJobs,
                matrixFilter,
                parallelism,
                Map.of());
    }

    /** The {@code vars} context. */
    Value.Obj varsContext() {
        Map<String, Value> m = new java.util.LinkedHashMap<>();
        vars.forEach((k, v) -> m.put(k, new Value.Str(v)));
        return new Value.Obj(m);
    }
}
