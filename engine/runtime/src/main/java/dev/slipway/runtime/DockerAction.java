package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.StepSpec.StepContainer;
import dev.slipway.workflow.Runs;
import dev.slipway.workflow.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Docker container actions ({@code runs.using: docker}, from a Dockerfile or {@code docker://IMAGE}) and {@code
 * uses: docker://IMAGE} steps, each process in a container of its own. The workspace is the working directory and
 * the environment files live in the runner temp directory; the executor mounts both at the same paths.
 */
final class DockerAction {
    private final JobState job;
    // Dockerfile (absolute) -> image built for it in this job, so pre, main and post build once.
    private final Map<Path, String> built = new HashMap<>();

    DockerAction(JobState job) {
        this.job = job;
    }

    /** Why Docker actions cannot run here: the executor runs processes on the host. */
    static String needsContainers(String uses) {
        return "docker container actions need a container executor ('" + uses
                + "'); map the job's runs-on label to one: -P ubuntu-latest=docker://IMAGE";
    }

    /** A {@code uses: docker://IMAGE} step: {@code with.args} is split like a command line. */
    Outcome image(
            Scope scope,
            Step step,
            String image,
            Map<String, String> with,
            Map<String, String> env,
            String action,
            StepLog log,
            StepGuard guard) {
        String uses = step.uses().orElseThrow();
        if (!job.executor().supportsContainers()) {
            log.error(
                    Diagnostic.error(step.spanOf("uses"), needsContainers(uses)).render());
            return Outcome.FAILED;
        }
        Map<String, String> extra = new LinkedHashMap<>(job.actionVariables(false, log));
        extra.putAll(ActionInputs.variables(with));
        extra.put("GITHUB_ACTION", action);
        Optional<String> entrypoint =
                Optional.ofNullable(with.get("entrypoint")).filter(e -> !e.isBlank());
        List<String> args = ShellCommand.words(with.getOrDefault("args", ""));
        return run(scope, log, guard, "docker://" + image, new StepContainer(image, entrypoint), args, env, extra);
    }

    /**
     * The main entry point of a Docker action; registers the {@code post-entrypoint}, if any.
     *
     * @param with the step's {@code with:}; {@code args} and {@code entrypoint} override the action's
     * @param ctx the step's context, to which the action's inputs are added for {@code args} and {@code env}
     */
    Outcome main(
            Scope scope,
            Step step,
            String name,
            Path dir,
            Runs.Docker runs,
            Map<String, String> inputs,
            Map<String, String> with,
            Map<String, String> env,
            Map<String, String> state,
            StepContext ctx,
            StepLog log,
            StepGuard guard)
            throws Exprs.EvalError {
        Optional<Invocation> call = prepare(step, dir, runs, inputs, ctx, log);
        if (call.isEmpty()) {
            return Outcome.FAILED;
        }
        Invocation main = call.get();
        if (with.containsKey("args")) {
            main = new Invocation(main.image(), ShellCommand.words(with.get("args")), main.extra());
        }
        Optional<String> entrypoint = Optional.ofNullable(with.get("entrypoint"))
                .filter(e -> !e.isBlank())
                .or(runs::entrypoint);
        Outcome outcome = main.run(this, scope, step, entrypoint, env, state, log, guard);
        if (runs.postEntrypoint().isPresent()) {
            Invocation post = call.get();
            job.posts()
                    .push(new PostStep(
                            "Post " + name,
                            step.id(),
                            runs.postIf().orElse("always()"),
                            (postLog, postGuard) -> post.run(
                                    this, scope, step, runs.postEntrypoint(), env, state, postLog, postGuard)));
        }
        return outcome;
    }

    /** The {@code pre-entrypoint} of a Docker action, before the job's main steps. */
    Outcome pre(
            Scope scope,
            Step step,
            Path dir,
            Runs.Docker runs,
            Map<String, String> inputs,
            Map<String, String> env,
            Map<String, String> state,
            StepContext ctx,
            StepLog log,
            StepGuard guard)
            throws Exprs.EvalError {
        Optional<Invocation> call = prepare(step, dir, runs, inputs, ctx, log);
        if (call.isEmpty()) {
            return Outcome.FAILED;
        }
        return call.get().run(this, scope, step, runs.preEntrypoint(), env, state, log, guard);
    }

    /** The image, arguments and variables shared by the entry points of one action step. */
    private record Invocation(String image, List<String> args, Map<String, String> extra) {
        Outcome run(
                DockerAction action,
                Scope scope,
                Step step,
                Optional<String> entrypoint,
                Map<String, String> env,
                Map<String, String> state,
                StepLog log,
                StepGuard guard) {
            Map<String, String> all = new LinkedHashMap<>(extra);
            state.forEach((k, v) -> all.put("STATE_" + k, v));
            return action.run(
                    scope,
                    log,
                    guard,
                    step.uses().orElse(image),
                    new StepContainer(image, entrypoint),
                    args,
                    env,
                    all,
                    state);
        }
    }

    private Optional<Invocation> prepare(
            Step step, Path dir, Runs.Docker runs, Map<String, String> inputs, StepContext ctx, StepLog log)
            throws Exprs.EvalError {
        String uses = step.uses().orElseThrow();
        if (!job.executor().supportsContainers()) {
            log.error(
                    Diagnostic.error(step.spanOf("uses"), needsContainers(uses)).render());
            return Optional.empty();
        }
        Optional<String> image = image(uses, dir, runs.image(), log);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        StepContext withInputs = ctx.withInputs(StepContext.strings(inputs), dir);
        List<String> args = new ArrayList<>();
        for (String arg : runs.args()) {
            args.add(Exprs.render(arg, withInputs, step.spanOf("uses")));
        }
        Map<String, String> extra = new LinkedHashMap<>(job.actionVariables(false, log));
        extra.putAll(Exprs.renderAll(runs.env(), withInputs, step.spanOf("uses")));
        extra.putAll(ActionInputs.variables(inputs));
        extra.put("GITHUB_ACTION", ActionInputs.actionName(ctx, step));
        extra.put("GITHUB_ACTION_PATH", dir.toString());
        extra.putAll(ActionInputs.actionRefVariables(step));
        return Optional.of(new Invocation(image.get(), args, extra));
    }

    /** {@code docker://IMAGE} as is; a Dockerfile built once per job, with its directory as the build context. */
    private Optional<String> image(String uses, Path dir, String image, StepLog log) {
        if (image.startsWith("docker://")) {
            return Optional.of(image.substring("docker://".length()));
        }
        Path dockerfile = dir.resolve(image).normalize();
        if (!dockerfile.startsWith(dir.normalize()) || dockerfile.getParent() == null) {
            log.error("the image '" + image + "' of '" + uses + "' is outside the action's directory");
            return Optional.empty();
        }
        String cached = built.get(dockerfile);
        if (cached != null) {
            return Optional.of(cached);
        }
        log.command("Build container for action use: '" + dockerfile + "'.");
        try {
            String ref = job.executor()
                    .buildImage(
                            dockerfile.getParent(),
                            dockerfile.getFileName().toString(),
                            tag(uses, dockerfile),
                            log::output);
            built.put(dockerfile, ref);
            return Optional.of(ref);
        } catch (ExecutorException e) {
            log.error("cannot build the image of '" + uses + "' from " + dockerfile + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A valid image tag naming the action, e.g. {@code slipway-action/acme-hello-v1:3f2a9c1e}. */
    static String tag(String uses, Path dockerfile) {
        String name =
                uses.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dockerfile.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return "slipway-action/" + (name.isEmpty() ? "action" : name) + ":"
                    + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private Outcome run(
            Scope scope,
            StepLog log,
            StepGuard guard,
            String name,
            StepContainer container,
            List<String> args,
            Map<String, String> env,
            Map<String, String> extra) {
        return run(scope, log, guard, name, container, args, env, extra, new LinkedHashMap<>());
    }

    private Outcome run(
            Scope scope,
            StepLog log,
            StepGuard guard,
            String name,
            StepContainer container,
            List<String> args,
            Map<String, String> env,
            Map<String, String> extra,
            Map<String, String> state) {
        log.line(
                LogLine.Kind.DEBUG,
                "container: " + container.image()
                        + container.entrypoint().map(e -> " entrypoint " + e).orElse("") + " args " + args);
        return StepProcess.run(
                job,
                scope,
                log,
                guard,
                name,
                args,
                job.request().workspace(),
                env,
                extra,
                state,
                Optional.of(container));
    }
}
