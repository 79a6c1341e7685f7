package dev.slipway.run;

import dev.slipway.actions.ActionRef;
import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.plan.Inputs;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.workflow.CacheMode;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.OutputDef;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.TokenPermissions;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A job that calls a reusable workflow: of the same repository ({@code uses: ./.github/workflows/x.yml}), or of another
 * one ({@code uses: owner/repo/.github/workflows/x.yml@ref}) that the run's {@link Orchestrator.WorkflowSource} can
 * reach. The called workflow's own {@code ./} calls are read from its repository at that ref, as on GitHub.
 */
final class ReusableCall {
    /** GitHub's limit: the top-level caller and up to nine levels of reusable workflows. */
    static final int MAX_LEVELS = 10;
    /** GitHub's limit: the different reusable workflows one workflow file calls, over the whole tree of calls. */
    static final int MAX_WORKFLOWS = 50;

    private final RunScope scope;
    private final Job job;
    private final Map<String, Value> contexts;
    private final JobRef ref;

    ReusableCall(RunScope scope, Job job, Map<String, Value> contexts, JobRef ref) {
        this.scope = scope;
        this.job = job;
        this.contexts = contexts;
        this.ref = ref;
    }

    JobResult run(Cancellation cancel) {
        String uses = job.uses().orElseThrow();
        SourceSpan at = job.spanOf("uses");
        String path;
        ParseResult<Workflow> parsed;
        Orchestrator.WorkflowSource nestedSource;
        if (uses.startsWith("./") || uses.startsWith("$/")) {
            // "$/" (self-repository) names the workflow's own repository at the running commit, as "./" does here
            path = uses.substring(2).replaceFirst("^\\./", "").replaceAll("@.*$", "");
            parsed = scope.workflows().load(path);
            nestedSource = scope.workflows();
        } else {
            path = uses;
            // the reference is read here once, for every source: one that names no workflow file fails alike
            Optional<ActionRef> workflowRef = ActionRef.parseWorkflow(uses);
            Orchestrator.Remote remote = workflowRef.isEmpty()
                    ? new Orchestrator.Remote.Missing(ActionRef.notAWorkflow(uses))
                    : scope.workflows().remote(uses, workflowRef.get());
            switch (remote) {
                case Orchestrator.Remote.Missing m -> {
                    return failure(JobResults.at(at, m.message()));
                }
                case Orchestrator.Remote.Found f -> {
                    parsed = f.workflow();
                    nestedSource = f.source();
                }
            }
        }
        if (parsed.hasErrors() || parsed.value().isEmpty()) {
            return failure(JobResults.at(
                    at,
                    "reusable workflow '" + path + "' is invalid:\n"
                            + parsed.diagnostics().stream()
                                    .map(Diagnostic::render)
                                    .collect(Collectors.joining("\n"))));
        }
        Workflow called = parsed.value().get();
        path = called.path(); // as its file is named: owner/repo/<path>@ref for another repository's
        List<String> chain = new ArrayList<>(scope.callChain());
        chain.add(path);
        if (scope.callChain().contains(path)) {
            return failure(JobResults.at(
                    at,
                    "'" + path + "' calls itself (" + String.join(" -> ", chain)
                            + "): loops in the workflow tree are not permitted"));
        }
        if (!scope.shared().mayCall(path, MAX_WORKFLOWS)) {
            return failure(JobResults.at(
                    at,
                    "a run calls at most " + MAX_WORKFLOWS + " different reusable workflows, and '" + path
                            + "' would be one more"));
        }
        if (chain.size() > MAX_LEVELS) {
            return failure(JobResults.at(
                    at,
                    "workflows connect at most " + MAX_LEVELS + " levels deep, the caller and nine reusable workflows ("
                            + String.join(" -> ", chain) + ")"));
        }
        Trigger call = called.on().get("workflow_call");
        if (call == null) {
            return failure(JobResults.at(at, "'" + path + "' cannot be called: its 'on:' has no workflow_call"));
        }
        TokenPermissions callerPermissions =
                TokenPermissions.of(job, scope.request().workflow());
        Optional<String> greedy = askingTooMuch(called, callerPermissions);
        if (greedy.isPresent()) {
            return failure(JobResults.at(at, "'" + path + "' cannot be called here: " + greedy.get()));
        }
        EvalContext ctx = Contexts.of(contexts, JobStatus.SUCCESS);
        Value.Obj inputs;
        Map<String, String> secrets;
        try {
            Map<String, String> given = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : job.with().entrySet()) {
                given.put(e.getKey(), Values.toStr(Contexts.render(e.getValue(), ctx)));
            }
            var resolved =
                    Inputs.resolve(call.inputs(), given, job.spanOf("with").file());
            if (resolved.hasErrors()) {
                return failure(
                        resolved.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
            }
            inputs = resolved.values();
            secrets = secrets(ctx);
        } catch (ExprException e) {
            return failure(JobResults.at(job.spanOf("with"), e.getMessage()));
        }
        RunRequest parent = scope.request();
        // a called workflow's jobs get no more cache access, nor token permissions, than the calling job has
        String eventName = parent.event().name();
        RunRequest nested = new RunRequest(
                called.calledWith(CacheMode.of(job, parent.workflow(), eventName), callerPermissions, eventName),
                parent.event(),
                parent.run(),
                parent.github(),
                inputs,
                secrets,
                parent.vars(),
                parent.repoRoot(),
                parent.runDir(),
                java.util.Set.of(),
                Map.of(),
                parent.parallelism());
        RunScope inner = new RunScope(
                scope.orchestrator(),
                nested,
                scope.listener(),
                cancel,
                scope.shared(),
                ref.key() + " / ",
                nestedSource,
                chain);
        Map<String, RunScope.JobSummary> jobs = inner.runJobs();
        Conclusion conclusion = RunScope.conclusion(jobs.values());
        Map<String, String> outputs = new LinkedHashMap<>();
        EvalContext outCtx = Contexts.of(Map.of("jobs", jobsContext(jobs), "inputs", inputs), JobStatus.SUCCESS);
        for (OutputDef o : call.outputs().values()) {
            try {
                outputs.put(o.name(), Contexts.renderString(o.value(), outCtx));
            } catch (ExprException e) {
                return failure(path + ": output '" + o.name() + "': " + e.getMessage());
            }
        }
        Optional<String> why = conclusion == Conclusion.FAILURE
                ? Optional.of("a job of the called workflow '" + path + "' failed")
                : Optional.empty();
        return new JobResult(conclusion, outputs, List.of(), why, "", List.of());
    }

    /**
     * Why {@code called} may not run under a caller whose token has {@code caller}: each of its jobs that asks for more
     * (its own {@code permissions:}, else its workflow's; one that asks nothing inherits the caller's); empty when none
     * does.
     */
    private Optional<String> askingTooMuch(Workflow called, TokenPermissions caller) {
        List<String> why = new ArrayList<>();
        called.jobs()
                .forEach((id, calledJob) -> calledJob
                        .permissions()
                        .or(called::permissions)
                        .ifPresent(asked -> {
                            Map<String, TokenPermissions.Access> over = asked.beyond(caller);
                            if (!over.isEmpty()) {
                                why.add("its job '" + id + "' asks for " + asked.only(over.keySet())
                                        + ", but the calling job '" + ref.jobId() + "' allows only "
                                        + caller.only(over.keySet()));
                            }
                        }));
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    private Map<String, String> secrets(EvalContext ctx) throws ExprException {
        return switch (job.secrets()) {
            case Job.SecretsPass.None n -> Map.of();
            case Job.SecretsPass.Inherit i -> scope.request().secrets();
            case Job.SecretsPass.Explicit e -> {
                Map<String, Value> ctxMap = new LinkedHashMap<>(contexts);
                ctxMap.put("secrets", Contexts.strings(scope.request().secrets()));
                EvalContext withSecrets = Contexts.of(ctxMap, JobStatus.SUCCESS);
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<String, String> s : e.secrets().entrySet()) {
                    out.put(s.getKey(), Contexts.renderString(s.getValue(), withSecrets));
                }
                yield out;
            }
        };
    }

    private static Value.Obj jobsContext(Map<String, RunScope.JobSummary> jobs) {
        Map<String, Value> m = new LinkedHashMap<>();
        jobs.forEach((id, s) -> m.put(
                id,
                new Value.Obj(Map.of(
                        "result", new Value.Str(s.result().label()), "outputs", Contexts.strings(s.outputs())))));
        return new Value.Obj(m);
    }

    private static JobResult failure(String reason) {
        return JobResults.without(Conclusion.FAILURE, reason);
    }
}
