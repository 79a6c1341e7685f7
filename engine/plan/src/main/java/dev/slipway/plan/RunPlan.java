package dev.slipway.plan;

import dev.slipway.common.Diagnostic;
import dev.slipway.expr.Value;
import java.util.List;

/**
 * What a run of a workflow for an event will do, computed without side effects by {@link Planner}. A plan with error
 * diagnostics must not be run; one not {@link #triggered()} needs no run at all.
 *
 * @param workflowPath the workflow file
 * @param trigger whether and why the workflow runs for the event
 * @param github the {@code github} context
 * @param inputs the {@code inputs} context (typed; empty for events without inputs)
 * @param runName the rendered {@code run-name}, or GitHub's default (commit message, pull request title, workflow name)
 * @param concurrencyGroup the rendered workflow {@code concurrency.group}; empty when none
 * @param cancelInProgress the workflow's {@code concurrency.cancel-in-progress}
 * @param jobs the jobs in topological order; empty when not triggered
 */
public record RunPlan(
        String workflowPath,
        TriggerMatch trigger,
        Value.Obj github,
        Value.Obj inputs,
        String runName,
        String concurrencyGroup,
        boolean cancelInProgress,
        List<PlannedJob> jobs,
        List<Diagnostic> diagnostics) {

    public RunPlan {
        jobs = List.copyOf(jobs);
        diagnostics = diagnostics.stream().sorted(Diagnostic.BY_POSITION).toList();
    }

    /** Whether the workflow runs for the event. */
    public boolean triggered() {
        return trigger.triggered();
    }

    /** Whether the plan has no error diagnostics. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** A stable text form for golden tests and {@code slipway plan}. */
    public String render() {
        return RunPlanText.render(this);
    }
}
