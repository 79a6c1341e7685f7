package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs steps: {@code env}, {@code if}, {@code continue-on-error}, {@code timeout-minutes}, then the script or action;
 * records the result in the scope's {@code steps} context and status.
 */
final class StepRunner {
    private final JobState job;
    private final RunStep runStep;
    private final ActionStep actionStep;

    StepRunner(JobState job) {
        this.job = job;
        this.runStep = new RunStep(job);
        this.actionStep = new ActionStep(job, this);
    }

    ActionStep actions() {
        return actionStep;
    }

    /** What a step ended with. */
    record Finished(Conclusion outcome, Conclusion conclusion, Map<String, String> outputs) {
        static final Finished SKIPPED = new Finished(Conclusion.SKIPPED, Conclusion.SKIPPED, Map.of());
        static final Finished CANCELLED = new Finished(Conclusion.CANCELLED, Conclusion.CANCELLED, Map.of());
    }

    /** Runs a step of the job, with listener events. */
    StepResult runTop(Scope scope, Step step, int index) {
        String name = displayName(scope, step);
        StepRef ref = new StepRef(index, step.id(), name, false);
        StepLog log = job.log(ref);
        job.listener().stepStarted(ref);
        Instant start = Instant.now();
        Finished finished;
        try (StepGuard guard = new StepGuard(job.control())) {
            finished = execute(scope, step, name, log, guard);
        } catch (RuntimeException e) {
            // A bug or an I/O failure must not end the job without its post steps and result.
            log.error("internal error while running the step: " + e);
            scope.status().fail();
            finished = new Finished(Conclusion.FAILURE, Conclusion.FAILURE, Map.of());
        } finally {
            job.control().stepEnded();
        }
        StepResult result = new StepResult(
                index,
                step.id(),
                name,
                finished.outcome(),
                finished.conclusion(),
                finished.outputs(),
                Duration.between(start, Instant.now()));
        job.listener().stepFinished(ref, result);
        return result;
    }

    /** Runs a step in {@code scope} and records it there. */
    Finished execute(Scope scope, Step step, String name, StepLog log, StepGuard guard) {
        Finished finished = attempt(scope, step, name, log, guard);
        record(scope, step, finished);
        return finished;
    }

    /** Records how {@code step} ended in {@code scope}: its {@code steps} context entry, and the scope's status. */
    static void record(Scope scope, Step step, Finished finished) {
        if (step.id().isPresent()) {
            Map<String, Value> fields = new LinkedHashMap<>();
            fields.put("outputs", StepContext.strings(finished.outputs()));
            fields.put("outcome", Value.of(finished.outcome().label()));
            fields.put("conclusion", Value.of(finished.conclusion().label()));
            scope.steps().put(step.id().get(), Value.obj(fields));
        }
        if (finished.conclusion() == Conclusion.FAILURE) {
            scope.status().fail();
        }
    }

    String displayName(Scope scope, Step step) {
        if (step.name().isEmpty()) {
            return step.displayName();
        }
        try {
            return Exprs.render(step.name().get(), StepContext.of(job, scope, scopeEnv(scope)), step.spanOf("name"));
        } catch (Exprs.EvalError e) {
            return step.name().get();
        }
    }

    /** The {@code env} context of a scope before a step's own {@code env:}. */
    Map<String, String> scopeEnv(Scope scope) {
        if (scope.inheritedEnv().isEmpty()) {
            return new LinkedHashMap<>(job.env());
        }
        Map<String, String> env = new LinkedHashMap<>(job.env());
        env.putAll(scope.inheritedEnv());
        return env;
    }

    private Finished attempt(Scope scope, Step step, String name, StepLog log, StepGuard outer) {
        if (job.control().expired()) {
            return Finished.CANCELLED; // the cancel timeout expired: GitHub's runner would be gone
        }
        Map<String, String> env = scopeEnv(scope);
        Map<String, String> own;
        StepContext ctx;
        boolean continueOnError;
        Optional<Duration> timeout;
        String action = step.id().orElseGet(() -> job.actionName(ActionInputs.defaultActionName(step)));
        try {
            own = Exprs.renderAll(
                    step.env(),
                    StepContext.of(job, scope, env).withAction(action).withActionOf(step),
                    step.spanOf("env"));
            env.putAll(own);
            ctx = StepContext.of(job, scope, env).withAction(action).withActionOf(step);
            if (scope.depth() == 0) {
                StepContext asked = ctx; // the cancelled view is made only when a cancellation asks
                job.control()
                        .whileRunning(() ->
                                holdsWhenCancelled(step.condition().orElse(""), asked.cancelled(), step.spanOf("if")));
            }
            if (!Exprs.condition(step.condition().orElse(""), ctx, step.spanOf("if"))) {
                return Finished.SKIPPED;
            }
            continueOnError = truthy(step.continueOnError(), ctx, step.spanOf("continue-on-error"));
            timeout = minutes(step.timeoutMinutes(), ctx, step.spanOf("timeout-minutes"));
        } catch (Exprs.EvalError e) {
            log.error(e.diagnostic().render());
            return new Finished(Conclusion.FAILURE, Conclusion.FAILURE, Map.of());
        }
        boolean nested = scope.depth() > 0;
        StepGuard guard = nested && timeout.isPresent() ? new StepGuard(job.control(), outer.startEpoch()) : outer;
        try {
            timeout.ifPresent(guard::timeout);
            Outcome outcome = dispatch(scope, step, name, env, own, ctx, log, guard);
            Conclusion result;
            if (guard.timedOut()) {
                log.error(
                        "The action '" + name + "' has timed out after " + format(timeout.orElseThrow()) + " minutes.");
                result = Conclusion.FAILURE;
            } else if (guard.stopped() && job.control().interrupted()) {
                result = Conclusion.CANCELLED;
            } else {
                result = outcome.success() ? Conclusion.SUCCESS : Conclusion.FAILURE;
            }
            Conclusion conclusion = result == Conclusion.FAILURE && continueOnError ? Conclusion.SUCCESS : result;
            return new Finished(result, conclusion, outcome.outputs());
        } finally {
            if (guard != outer) {
                guard.close();
            }
        }
    }

    /**
     * Whether a running top-level step (or post step) should go on after a graceful cancellation of the job: its
     * condition evaluated again with the job cancelled, as GitHub's runner does ({@code always()} and {@code
     * cancelled()} hold, the implicit {@code success()} does not). Evaluated on the cancelling thread; any error stops
     * the step.
     */
    static boolean holdsWhenCancelled(String condition, StepContext whenCancelled, SourceSpan span) {
        try {
            return Exprs.condition(condition, whenCancelled, span);
        } catch (Exprs.EvalError | RuntimeException e) {
            return false;
        }
    }

    private Outcome dispatch(
            Scope scope,
            Step step,
            String name,
            Map<String, String> env,
            Map<String, String> own,
            StepContext ctx,
            StepLog log,
            StepGuard guard) {
        try {
            if (step.run().isPresent()) {
                return runStep.run(scope, step, env, ctx, log, guard);
            }
            if (step.uses().isPresent()) {
                return actionStep.run(scope, step, name, env, own, ctx, log, guard);
            }
            log.error(Diagnostic.error(step.span(), "a step needs either 'run' or 'uses'")
                    .render());
            return Outcome.FAILED;
        } catch (Exprs.EvalError e) {
            log.error(e.diagnostic().render());
            return Outcome.FAILED;
        }
    }

    static boolean truthy(Value value, StepContext ctx, SourceSpan span) throws Exprs.EvalError {
        if (value instanceof Value.Str s) {
            return Values.truthy(Exprs.evaluate(s.value(), ctx, span));
        }
        return Values.truthy(value);
    }

    static Optional<Duration> minutes(Value value, StepContext ctx, SourceSpan span) throws Exprs.EvalError {
        return minutes(value, ctx, span, "timeout-minutes");
    }

    /** The duration of a field in minutes ({@code key}, for the error), empty when absent. */
    static Optional<Duration> minutes(Value value, StepContext ctx, SourceSpan span, String key)
            throws Exprs.EvalError {
        Value v = value instanceof Value.Str s ? Exprs.evaluate(s.value(), ctx, span) : value;
        if (v instanceof Value.Null) {
            return Optional.empty();
        }
        double m = Values.toNumber(v);
        if (Double.isNaN(m) || m <= 0) {
            throw new Exprs.EvalError(dev.slipway.common.Diagnostic.error(
                    span, key + " must be a positive number, got '" + Values.toStr(v) + "'"));
        }
        return Optional.of(Duration.ofMillis(Math.round(m * 60_000)));
    }

    static String format(Duration d) {
        double minutes = d.toMillis() / 60_000.0;
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
