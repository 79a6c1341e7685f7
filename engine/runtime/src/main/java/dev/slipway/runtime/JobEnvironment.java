package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.workflow.Job;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a job deploys to ({@code environment: production} or {@code environment: {name, url,
 * deployment}}), as GitHub evaluates it: the name (and {@code deployment}) before the job starts, with the contexts
 * {@code github}, {@code inputs}, {@code vars}, {@code needs}, {@code strategy} and {@code matrix}; the {@code url}
 * after its steps, with {@code steps}, {@code job}, {@code runner} and {@code env} too.
 *
 * @param name the evaluated name
 * @param url the evaluated url, once the job's steps ran and when it has one
 * @param deployment whether a deployment object is made for it ({@code deployment: false} says no)
 */
public record JobEnvironment(String name, Optional<String> url, boolean deployment) {

    /** Where evaluating a job's environment led: the job has none, it has one, or the expression is wrong. */
    public sealed interface Evaluated {
        /** The job names no environment (or its name evaluated to an empty string). */
        record None() implements Evaluated {}

        /** The job's environment. */
        record Named(JobEnvironment environment) implements Evaluated {}

        /** A mistake in the {@code environment:} expressions, rendered {@code file:line:col: message}. */
        record Invalid(String message) implements Evaluated {}
    }

    /** This environment with its url. */
    public JobEnvironment withUrl(Optional<String> url) {
        return new JobEnvironment(name, url, deployment);
    }

    /** The job's environment name and {@code deployment} flag, evaluated with the job-level {@code contexts}. */
    public static Evaluated of(Job job, Map<String, Value> contexts) {
        Value declared = job.environment();
        if (declared == Value.NULL) {
            return new Evaluated.None();
        }
        EvalContext ctx = EvalContext.builder()
                .contexts(contexts)
                .jobStatus(JobStatus.SUCCESS)
                .build();
        Value name = declared instanceof Value.Obj obj ? obj.get("name").orElse(Value.NULL) : declared;
        Value deployment =
                declared instanceof Value.Obj obj ? obj.get("deployment").orElse(Value.TRUE) : Value.TRUE;
        try {
            String rendered = Values.toStr(evaluate(name, ctx)).strip();
            if (rendered.isEmpty()) {
                return new Evaluated.None();
            }
            boolean deploys = Values.truthy(evaluate(deployment, ctx));
            return new Evaluated.Named(new JobEnvironment(rendered, Optional.empty(), deploys));
        } catch (ExprException e) {
            return new Evaluated.Invalid(Diagnostic.error(job.spanOf("environment"), "environment: " + e.getMessage())
                    .render());
        }
    }

    /**
     * The environment of a job whose steps ran, with its url rendered with the step-level contexts ({@code steps},
     * {@code job}, {@code runner}, {@code env}); a url that does not evaluate becomes an error annotation and is left
     * out, as one holding a secret is (GitHub's runner does the same with the job's outputs).
     */
    static Optional<JobEnvironment> deployed(JobState job, Scope scope) {
        Job declared = job.request().job();
        if (!(of(declared, job.request().contexts()) instanceof Evaluated.Named named)) {
            return Optional.empty();
        }
        Optional<String> template = declared.environment() instanceof Value.Obj obj
                ? obj.get("url").map(Values::toStr).filter(u -> !u.isBlank())
                : Optional.empty();
        if (template.isEmpty()) {
            return Optional.of(named.environment());
        }
        try {
            String url = Exprs.render(
                            template.get(), StepContext.of(job, scope, job.env()), declared.spanOf("environment"))
                    .strip();
            if (!job.masker().mask(url).equals(url)) {
                job.annotate(Annotation.Level.WARNING, "Skip the environment url since it may contain a secret.");
                url = "";
            }
            return Optional.of(named.environment().withUrl(url.isEmpty() ? Optional.empty() : Optional.of(url)));
        } catch (Exprs.EvalError e) {
            job.annotate(Annotation.Level.ERROR, e.diagnostic().render());
            return Optional.of(named.environment());
        }
    }

    private static Value evaluate(Value value, EvalContext ctx) throws ExprException {
        return value instanceof Value.Str s && s.value().contains("${{")
                ? Template.parse(s.value()).evaluate(ctx)
                : value;
    }
}
