package dev.slipway.run;

import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.plan.Matrix;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/** One job of a run fanned out over its matrix, with {@code fail-fast} and {@code max-parallel}. */
final class JobInstances {
    private final RunScope scope;
    private final Job job;
    private final Map<String, Value> contexts;
    private final boolean upstreamFailed;
    private final boolean detached;
    private final BooleanSupplier wantedWhenCancelled;

    /**
     * @param detached run even though the run is cancelled (its condition asked for it)
     * @param wantedWhenCancelled whether the job's {@code if} holds once the run is cancelled: then a graceful
     *     cancellation of the run leaves it running, as GitHub leaves a running {@code if: always()} job
     */
    JobInstances(
            RunScope scope,
            Job job,
            Map<String, Value> contexts,
            boolean upstreamFailed,
            boolean detached,
            BooleanSupplier wantedWhenCancelled) {
        this.scope = scope;
        this.job = job;
        this.contexts = contexts;
        this.upstreamFailed = upstreamFailed;
        this.detached = detached;
        this.wantedWhenCancelled = wantedWhenCancelled;
    }

    RunScope.JobSummary run() {
        EvalContext ctx = Contexts.of(contexts, JobStatus.SUCCESS);
        List<Value.Obj> all;
        boolean failFast;
        int maxParallel;
        try {
            all = combinations(ctx);
            Optional<Strategy> strategy = job.strategy();
            failFast = strategy.map(s -> s.failFast())
                    .map(v -> render(v, ctx))
                    .map(Values::truthy)
                    .orElse(true);
            maxParallel = strategy.map(s -> render(s.maxParallel(), ctx))
                    .filter(v -> !(v instanceof Value.Null))
                    .map(v -> (int) Values.toNumber(v))
                    .orElse(0);
        } catch (RenderError e) {
            return fail(e.getMessage());
        } catch (ExprException e) {
            return fail(JobResults.at(job.spanOf("strategy"), e.getMessage()));
        }
        List<Value.Obj> combos = all.stream()
                .filter(c -> Matrices.matches(c, scope.request().matrixFilter()))
                .toList();
        if (combos.isEmpty()) {
            if (!all.isEmpty()) {
                // --matrix asked for values this job's matrix does not have: the job is left out, as act leaves it
                return endWithout(Conclusion.SKIPPED, "no combination of its matrix matches --matrix", upstreamFailed);
            }
            return fail(JobResults.at(job.spanOf("strategy"), "the matrix has no combination"));
        }
        Cancellation group = new Cancellation();
        if (!detached) {
            group.follow(scope.cancel(), wantedWhenCancelled);
        }
        Semaphore limit = maxParallel > 0 ? new Semaphore(maxParallel, true) : null;
        List<CompletableFuture<Instance.Outcome>> running = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            Instance instance =
                    new Instance(scope, job, contexts, combos.get(i), i, combos.size(), failFast, maxParallel);
            ReusedJob kept = scope.reused(instance.key());
            if (kept != null) { // this combination kept from an earlier attempt: not run, not reported
                running.add(CompletableFuture.completedFuture(instance.kept(kept)));
                continue;
            }
            if (combos.size() == 1) {
                // a job without a matrix: its one instance runs on this thread, which would only wait for it
                running.add(CompletableFuture.completedFuture(runInstance(instance, group, limit, failFast)));
                continue;
            }
            running.add(CompletableFuture.supplyAsync(
                    () -> runInstance(instance, group, limit, failFast),
                    scope.shared().threads()));
        }
        List<Instance.Outcome> outcomes = new ArrayList<>(running.size());
        for (CompletableFuture<Instance.Outcome> f : running) {
            outcomes.add(f.join());
        }
        return aggregate(outcomes);
    }

    private static Instance.Outcome runInstance(
            Instance instance, Cancellation group, Semaphore limit, boolean failFast) {
        Instance.Outcome o = instance.run(group, limit);
        if (failFast && o.result().conclusion() == Conclusion.FAILURE && !o.continueOnError()) {
            group.cancelGracefully(); // as GitHub cancels the other jobs of the matrix: always() steps go on
        }
        return o;
    }

    private RunScope.JobSummary aggregate(List<Instance.Outcome> outcomes) {
        boolean failed = false;
        boolean cancelled = false;
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Instance.Outcome o : outcomes) {
            JobResult r = o.result();
            failed |= r.conclusion() == Conclusion.FAILURE && !o.continueOnError();
            cancelled |= r.conclusion() == Conclusion.CANCELLED;
            r.outputs().forEach((k, v) -> {
                if (!v.isEmpty() || !outputs.containsKey(k)) {
                    outputs.put(k, v);
                }
            });
        }
        Conclusion c = failed ? Conclusion.FAILURE : cancelled ? Conclusion.CANCELLED : Conclusion.SUCCESS;
        return new RunScope.JobSummary(c, outputs, upstreamFailed || failed);
    }

    private List<Value.Obj> combinations(EvalContext ctx) throws ExprException {
        if (job.strategy().isEmpty()) {
            return List.of(Matrices.EMPTY);
        }
        Value matrix = Contexts.render(job.strategy().get().matrix(), ctx);
        Matrix.Expansion expansion = Matrix.expand(matrix);
        if (!expansion.ok()) {
            throw new RenderError(JobResults.at(job.spanOf("strategy"), String.join("; ", expansion.errors())));
        }
        return expansion.combinations();
    }

    private Value render(Value v, EvalContext ctx) {
        try {
            return Contexts.render(v, ctx);
        } catch (ExprException e) {
            throw new RenderError(JobResults.at(job.spanOf("strategy"), e.getMessage()));
        }
    }

    private RunScope.JobSummary fail(String reason) {
        return endWithout(Conclusion.FAILURE, reason, true);
    }

    /** Ends the job with {@code conclusion} and {@code reason} without running an instance of it. */
    private RunScope.JobSummary endWithout(Conclusion conclusion, String reason, boolean failedUpstream) {
        JobRef ref = new JobRef(
                scope.keyPrefix() + job.id(), job.id(), scope.keyPrefix() + job.id(), Matrices.EMPTY, scope.path());
        scope.finish(ref, JobResults.without(conclusion, reason), java.time.Duration.ZERO);
        return new RunScope.JobSummary(conclusion, Map.of(), failedUpstream);
    }

    /** An expression error inside a lambda, carrying its user-facing message. */
    static final class RenderError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RenderError(String message) {
            super(message, null, false, false);
        }
    }
}
