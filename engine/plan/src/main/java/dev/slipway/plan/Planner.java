package dev.slipway.plan;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.workflow.Concurrency;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a run of a workflow for an event: trigger matching, inputs, the {@code github} context, run name, workflow
 * concurrency, job order and matrices. Pure: the same arguments always give the same plan.
 */
public final class Planner {
    private Planner() {}

    /** Plans with no configuration variables ({@code vars} is empty). */
    public static RunPlan plan(Workflow workflow, Event event, RunInfo run) {
        return plan(workflow, event, run, new Value.Obj(Map.of()));
    }

    /** Plans with the repository's configuration variables as the {@code vars} context. */
    public static RunPlan plan(Workflow workflow, Event event, RunInfo run, Value.Obj vars) {
        List<Diagnostic> diags = new ArrayList<>();
        TriggerMatch match = TriggerMatcher.match(workflow, event);
        Inputs.Resolved inputs = inputs(workflow, event);
        Event withInputs = inputs.eventInputs().fields().isEmpty() ? event : withPayloadInputs(event, inputs);
        Value.Obj github = GithubContext.of(workflow, withInputs, run);
        Value.Obj typedInputs = inputs.values();
        if (!match.triggered()) {
            return new RunPlan(workflow.path(), match, github, typedInputs, "", "", false, List.of(), List.of());
        }
        diags.addAll(inputs.diagnostics());
        EvalContext ctx = EvalContext.of(Map.of("github", github, "inputs", typedInputs, "vars", vars));
        SourceSpan wfSpan = workflow.span();
        String runName = workflow.runName()
                .map(t -> render(t, ctx, wfSpan, diags))
                .orElseGet(() -> defaultRunName(workflow.displayName(), event));
        String group = "";
        boolean cancel = false;
        if (workflow.concurrency().isPresent()) {
            Concurrency c = workflow.concurrency().get();
            group = render(c.group(), ctx, c.span(), diags);
            cancel = truthy(c.cancelInProgress(), ctx, c.span(), diags);
        }
        JobGraph graph = JobGraph.of(workflow);
        diags.addAll(graph.diagnostics());
        List<PlannedJob> jobs = new ArrayList<>();
        for (String id : graph.order()) {
            Job job = workflow.jobs().get(id);
            jobs.add(new PlannedJob(
                    id,
                    displayName(job, ctx, diags),
                    job.needs(),
                    graph.ancestorsOf(id),
                    matrix(job, ctx, diags),
                    job));
        }
        return new RunPlan(workflow.path(), match, github, typedInputs, runName, group, cancel, jobs, diags);
    }

    private static Inputs.Resolved inputs(Workflow workflow, Event event) {
        Trigger dispatch = workflow.on().get("workflow_dispatch");
        if (!event.name().equals("workflow_dispatch") || dispatch == null) {
            Value.Obj empty = new Value.Obj(Map.of());
            return new Inputs.Resolved(empty, empty, List.of());
        }
        return Inputs.resolve(dispatch.inputs(), event.inputs(), workflow.path());
    }

    /** GitHub puts every input, defaults applied, as strings into {@code github.event.inputs}. */
    private static Event withPayloadInputs(Event e, Inputs.Resolved inputs) {
        Map<String, Value> payload = new LinkedHashMap<>(e.payload().fields());
        payload.put("inputs", inputs.eventInputs());
        return e.withPayload(new Value.Obj(payload));
    }

    /**
     * GitHub's title of a run without {@code run-name}: the head commit's subject for a push, the pull request's title
     * for a pull request event, else {@code workflowName}.
     */
    public static String defaultRunName(String workflowName, Event event) {
        Optional<String> name = switch (event.name()) {
            case "push" ->
                Json.str(event.payload(), "head_commit", "message")
                        .map(m -> m.lines().findFirst().orElse(""));
            case "pull_request", "pull_request_target", "pull_request_review" ->
                Json.str(event.payload(), "pull_request", "title");
            default -> Optional.empty();
        };
        return name.filter(n -> !n.isBlank()).orElse(workflowName);
    }

    private static String displayName(Job job, EvalContext ctx, List<Diagnostic> diags) {
        if (job.name().isEmpty()) {
            return job.id();
        }
        String raw = job.name().get();
        try {
            if (Templates.reads(raw, "matrix") || Templates.reads(raw, "needs") || Templates.reads(raw, "strategy")) {
                return raw;
            }
        } catch (ExprException e) {
            diags.add(Diagnostic.error(job.spanOf("name"), e.getMessage()));
            return raw;
        }
        return render(raw, ctx, job.spanOf("name"), diags);
    }

    private static MatrixPlan matrix(Job job, EvalContext ctx, List<Diagnostic> diags) {
        if (job.strategy().isEmpty() || job.strategy().get().matrix() instanceof Value.Null) {
            return MatrixPlan.NONE;
        }
        Value raw = job.strategy().get().matrix();
        SourceSpan span = job.strategy().get().span();
        try {
            if (Templates.reads(raw, "needs")) {
                return new MatrixPlan.Deferred(raw);
            }
            Matrix.Expansion e = Matrix.expand(Templates.evaluateTree(raw, ctx));
            for (String error : e.errors()) {
                diags.add(Diagnostic.error(span, "job '" + job.id() + "': " + error));
            }
            return e.ok() ? new MatrixPlan.Static(e.combinations()) : MatrixPlan.NONE;
        } catch (ExprException e) {
            diags.add(Diagnostic.error(span, "job '" + job.id() + "': matrix: " + e.getMessage()));
            return MatrixPlan.NONE;
        }
    }

    private static String render(String template, EvalContext ctx, SourceSpan span, List<Diagnostic> diags) {
        try {
            return Template.parse(template).render(ctx);
        } catch (ExprException e) {
            diags.add(Diagnostic.error(span, e.getMessage()));
            return template;
        }
    }

    private static boolean truthy(Value v, EvalContext ctx, SourceSpan span, List<Diagnostic> diags) {
        try {
            return Values.truthy(Templates.evaluateTree(v, ctx));
        } catch (ExprException e) {
            diags.add(Diagnostic.error(span, e.getMessage()));
            return false;
        }
    }
}
