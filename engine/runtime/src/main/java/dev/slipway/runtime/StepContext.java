package dev.slipway.runtime;

import dev.slipway.actions.ActionRef;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.HashFiles;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.workflow.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the expressions of one step see: the job's contexts plus this step's {@code env}, {@code steps}, inputs. */
record StepContext(
        Map<String, Value> base,
        Map<String, String> env,
        Map<String, Value> steps,
        Optional<Value> inputs,
        JobStatus jobStatus,
        Path workspace,
        Optional<Path> actionPath,
        Optional<String> action,
        Optional<ActionRef> actionRef)
        implements EvalContext {

    static StepContext of(JobState job, Scope scope, Map<String, String> env) {
        JobStatus status = job.control().interrupted()
                ? JobStatus.CANCELLED
                : scope.status().value();
        return new StepContext(
                job.contexts(),
                env,
                scope.steps(),
                scope.inputs(),
                status,
                job.request().workspace(),
                scope.actionPath(),
                Optional.empty(),
                Optional.empty());
    }

    /** This context with {@code github.action}: the step's id, or the name GitHub gives a step without one. */
    StepContext withAction(String name) {
        return new StepContext(
                base, env, steps, inputs, jobStatus, workspace, actionPath, Optional.of(name), actionRef);
    }

    /**
     * This context for {@code step}: with {@code github.action_repository} and {@code github.action_ref} when it runs
     * an action of a repository, as GitHub's runner sets them before it reads the step's inputs (empty otherwise).
     */
    StepContext withActionOf(Step step) {
        Optional<ActionRef> ref = step.uses().flatMap(ActionRef::parse);
        return new StepContext(base, env, steps, inputs, jobStatus, workspace, actionPath, action, ref);
    }

    /** This context as it is once the job was cancelled: what {@code success()}, {@code cancelled()} see then. */
    StepContext cancelled() {
        return new StepContext(base, env, steps, inputs, JobStatus.CANCELLED, workspace, actionPath, action, actionRef);
    }

    /** This context with an action's {@code inputs} and {@code github.action_path}. */
    StepContext withInputs(Value actionInputs, Path actionDir) {
        return new StepContext(
                base,
                env,
                steps,
                Optional.of(actionInputs),
                jobStatus,
                workspace,
                Optional.of(actionDir),
                action,
                actionRef);
    }

    @Override
    public Optional<Value> context(String name) {
        return switch (name) {
            case "env" -> Optional.of(strings(env));
            case "steps" -> Optional.of(Value.obj(steps));
            case "job" -> Optional.of(job());
            case "inputs" -> inputs.isPresent() ? inputs : Optional.ofNullable(base.get("inputs"));
            case "github" ->
                actionPath.isPresent() || action.isPresent() || actionRef.isPresent()
                        ? Optional.of(github())
                        : Optional.ofNullable(base.get(name));
            default -> Optional.ofNullable(base.get(name));
        };
    }

    /** The {@code job} context with the current status. */
    private Value job() {
        Map<String, Value> fields = new LinkedHashMap<>();
        if (base.get("job") instanceof Value.Obj given) {
            fields.putAll(given.fields());
        }
        fields.put("status", Value.of(jobStatus.name().toLowerCase(java.util.Locale.ROOT)));
        return Value.obj(fields);
    }

    private Value github() {
        Map<String, Value> fields = new LinkedHashMap<>();
        if (base.get("github") instanceof Value.Obj github) {
            fields.putAll(github.fields());
        }
        actionPath.ifPresent(p -> fields.put("action_path", Value.of(p.toString())));
        action.ifPresent(a -> fields.put("action", Value.of(a)));
        actionRef.ifPresent(r -> {
            fields.put("action_repository", Value.of(r.owner() + "/" + r.repo()));
            fields.put("action_ref", Value.of(r.ref()));
        });
        return Value.obj(fields);
    }

    @Override
    public String hashFiles(List<String> patterns) throws ExprException {
        return HashFiles.compute(workspace, patterns);
    }

    static Value strings(Map<String, String> map) {
        Map<String, Value> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(k, Value.of(v)));
        return Value.obj(fields);
    }
}
