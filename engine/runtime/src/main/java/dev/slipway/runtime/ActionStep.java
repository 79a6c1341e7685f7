package dev.slipway.runtime;

import dev.slipway.actions.BuiltinAction;
import dev.slipway.actions.BuiltinCall;
import dev.slipway.actions.BuiltinResult;
import dev.slipway.common.Diagnostic;
import dev.slipway.workflow.ActionOutput;
import dev.slipway.workflow.CacheMode;
import dev.slipway.workflow.Runs;
import dev.slipway.workflow.Step;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a {@code uses:} step: a built-in, a composite action or a Node.js action. */
final class ActionStep {
    private static final int MAX_DEPTH = 10;

    private final JobState job;
    private final StepRunner steps;
    private final NodeAction node;
    private final DockerAction docker;
    private final Map<Step, Map<String, String>> preState = new IdentityHashMap<>();

    ActionStep(JobState job, StepRunner steps) {
        this.job = job;
        this.steps = steps;
        this.node = new NodeAction(job);
        this.docker = new DockerAction(job);
    }

    Outcome run(
            Scope scope,
            Step step,
            String name,
            Map<String, String> env,
            Map<String, String> own,
            StepContext ctx,
            StepLog log,
            StepGuard guard)
            throws Exprs.EvalError {
        String uses = step.uses().orElseThrow();
        Map<String, String> with = Exprs.renderAll(step.with(), ctx, step.spanOf("with"));
        ActionCatalog.Found found = job.actions().find(uses, scope.actionPath());
        return switch (found) {
            case ActionCatalog.Found.Missing m -> {
                log.error(Diagnostic.error(step.spanOf("uses"), m.message()).render());
                yield Outcome.FAILED;
            }
            case ActionCatalog.Found.Builtin b ->
                builtin(scope, step, name, b.action(), with, env, ActionInputs.actionName(ctx, step), log);
            case ActionCatalog.Found.Image i ->
                docker.image(scope, step, i.image(), with, env, ActionInputs.actionName(ctx, step), log, guard);
            case ActionCatalog.Found.Defined d -> {
                Map<String, String> inputs =
                        ActionInputs.resolve(d.def(), inputsOf(d, with), ctx, log, uses, step.spanOf("with"));
                yield switch (d.def().runs()) {
                    case Runs.Composite c -> composite(scope, step, d, c, inputs, own, log, guard);
                    case Runs.Node n -> {
                        Map<String, String> state = preState.computeIfAbsent(step, s -> new LinkedHashMap<>());
                        yield node.main(
                                scope,
                                step,
                                name,
                                d.dir(),
                                n,
                                inputs,
                                env,
                                state,
                                ActionInputs.actionName(ctx, step),
                                log,
                                guard);
                    }
                    case Runs.Docker dk -> {
                        Map<String, String> state = preState.computeIfAbsent(step, s -> new LinkedHashMap<>());
                        yield docker.main(scope, step, name, d.dir(), dk, inputs, with, env, state, ctx, log, guard);
                    }
                };
            }
        };
    }

    /** {@code with:} without what Docker actions take as container settings rather than inputs. */
    private static Map<String, String> inputsOf(ActionCatalog.Found.Defined d, Map<String, String> with) {
        if (!(d.def().runs() instanceof Runs.Docker)) {
            return with;
        }
        Map<String, String> inputs = new LinkedHashMap<>(with);
        inputs.keySet().removeIf(k -> k.equalsIgnoreCase("args") || k.equalsIgnoreCase("entrypoint"));
        return inputs;
    }

    /** Runs the {@code pre} script of a Node.js action or the {@code pre-entrypoint} of a Docker action. */
    Outcome pre(Scope scope, Step step, ActionCatalog.Found.Defined d, StepLog log, StepGuard guard)
            throws Exprs.EvalError {
        Map<String, String> env = steps.scopeEnv(scope);
        StepContext base = StepContext.of(job, scope, env);
        env.putAll(Exprs.renderAll(step.env(), base, step.spanOf("env")));
        StepContext ctx = StepContext.of(job, scope, env);
        Map<String, String> with = Exprs.renderAll(step.with(), ctx, step.spanOf("with"));
        Map<String, String> inputs = ActionInputs.resolve(
                d.def(), inputsOf(d, with), ctx, log, step.uses().orElseThrow(), step.span());
        Map<String, String> state = preState.computeIfAbsent(step, s -> new LinkedHashMap<>());
        return switch (d.def().runs()) {
            case Runs.Node n ->
                node.pre(scope, step, d.dir(), n, inputs, env, state, ActionInputs.actionName(ctx, step), log, guard);
            case Runs.Docker dk -> docker.pre(scope, step, d.dir(), dk, inputs, env, state, ctx, log, guard);
            case Runs.Composite c -> throw new IllegalArgumentException("composite actions have no pre step");
        };
    }

    /** What the job's {@code cache-mode} (or its workflow's, or the event's default) allows. */
    private BuiltinCall.CacheAccess cacheAccess() {
        CacheMode mode = job.cacheMode();
        return new BuiltinCall.CacheAccess(mode.canRestore(), mode.canSave(), mode.toString(), job.defaultBranch());
    }

    private Outcome builtin(
            Scope scope,
            Step step,
            String name,
            BuiltinAction action,
            Map<String, String> with,
            Map<String, String> env,
            String actionName,
            StepLog log) {
        if (action.hostOnly() && job.handle().spec().containerized()) {
            log.error(Diagnostic.error(
                            step.spanOf("uses"),
                            step.uses().orElseThrow() + " sets up programs of the host, which a job container does not"
                                    + " see; use an image that has them instead")
                    .render());
            return Outcome.FAILED;
        }
        if (!action.inputs().isEmpty()) {
            ActionInputs.warnUnexpected(
                    new java.util.TreeSet<>(action.inputs()),
                    with,
                    log,
                    step.uses().orElseThrow());
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("GITHUB_ACTION", actionName);
        // as GitHub's runner tells an action which repository and ref it runs from (setup-java@v1 differs from @v4)
        extra.putAll(ActionInputs.actionRefVariables(step));
        // Built-ins run in this JVM, on the host, also in container jobs.
        Map<String, String> processEnv = StepProcess.environment(job, scope, env, extra, false);
        CommandProcessor commands = new CommandProcessor(
                log, processEnv, job.matchers(), job.request().workspace());
        BuiltinResult result = call(
                action,
                false,
                new BuiltinCall(
                        with,
                        job.request().workspace(),
                        processEnv,
                        job.request().repoRoot(),
                        Map.of(),
                        commands::line,
                        cacheAccess()));
        result.error().ifPresent(log::error);
        StepProcess.applyEnv(job, log, result.env());
        result.path().forEach(dir -> StepProcess.prependPath(job, dir));
        if (action.hasPost()) {
            Map<String, String> state = result.state();
            job.posts().push(new PostStep("Post " + name, step.id(), action.postIf(), (postLog, guard) -> {
                Map<String, String> postEnv = StepProcess.environment(job, scope, env, extra, false);
                CommandProcessor postCommands = new CommandProcessor(
                        postLog, postEnv, job.matchers(), job.request().workspace());
                BuiltinResult post = call(
                        action,
                        true,
                        new BuiltinCall(
                                with,
                                job.request().workspace(),
                                postEnv,
                                job.request().repoRoot(),
                                state,
                                postCommands::line,
                                cacheAccess()));
                post.error().ifPresent(postLog::error);
                return new Outcome(post.success(), post.outputs());
            }));
        }
        return new Outcome(result.success(), result.outputs());
    }

    private static BuiltinResult call(BuiltinAction action, boolean post, BuiltinCall call) {
        try {
            return post ? action.post(call) : action.main(call);
        } catch (RuntimeException e) {
            return BuiltinResult.failure(action.ref() + ": " + e.getMessage());
        }
    }

    private Outcome composite(
            Scope scope,
            Step step,
            ActionCatalog.Found.Defined d,
            Runs.Composite c,
            Map<String, String> inputs,
            Map<String, String> own,
            StepLog log,
            StepGuard guard)
            throws Exprs.EvalError {
        if (scope.depth() >= MAX_DEPTH) {
            log.error("composite actions are nested more than " + MAX_DEPTH + " levels deep ('"
                    + step.uses().orElseThrow() + "')");
            return Outcome.FAILED;
        }
        Map<String, String> inherited = new LinkedHashMap<>(scope.inheritedEnv());
        inherited.putAll(own);
        Scope inner = scope.composite(
                StepContext.strings(inputs), inherited, d.dir(), d.def().span().file());
        for (Step s : c.steps()) {
            steps.execute(inner, s, steps.displayName(inner, s), log, guard);
        }
        StepContext ctx = StepContext.of(job, inner, steps.scopeEnv(inner));
        Map<String, String> outputs = new LinkedHashMap<>();
        for (ActionOutput output : d.def().outputs().values()) {
            outputs.put(
                    output.name(),
                    Exprs.render(output.value().orElse(""), ctx, d.def().span()));
        }
        boolean success = inner.status().value() != dev.slipway.expr.JobStatus.FAILURE;
        return new Outcome(success, outputs);
    }
}
