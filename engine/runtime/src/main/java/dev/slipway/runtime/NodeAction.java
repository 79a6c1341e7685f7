package dev.slipway.runtime;

import dev.slipway.workflow.Runs;
import dev.slipway.workflow.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the scripts of a Node.js action ({@code runs.using: node20}) with the host's {@code node}, or in a container
 * job with the image's.
 */
final class NodeAction {
    private static final Set<String> RUNTIMES = Set.of("node12", "node16", "node20", "node24");

    private final JobState job;

    NodeAction(JobState job) {
        this.job = job;
    }

    Outcome main(
            Scope scope,
            Step step,
            String name,
            Path dir,
            Runs.Node runs,
            Map<String, String> inputs,
            Map<String, String> env,
            Map<String, String> state,
            String action,
            StepLog log,
            StepGuard guard) {
        Outcome outcome = script(scope, step, dir, runs, runs.main(), inputs, env, state, action, log, guard);
        if (runs.post().isPresent() && RUNTIMES.contains(runs.using())) {
            String post = runs.post().get();
            job.posts()
                    .push(new PostStep(
                            "Post " + name,
                            step.id(),
                            runs.postIf().orElse("always()"),
                            (postLog, postGuard) -> script(
                                    scope, step, dir, runs, post, inputs, env, state, action, postLog, postGuard)));
        }
        return outcome;
    }

    Outcome pre(
            Scope scope,
            Step step,
            Path dir,
            Runs.Node runs,
            Map<String, String> inputs,
            Map<String, String> env,
            Map<String, String> state,
            String action,
            StepLog log,
            StepGuard guard) {
        return script(scope, step, dir, runs, runs.pre().orElseThrow(), inputs, env, state, action, log, guard);
    }

    private Outcome script(
            Scope scope,
            Step step,
            Path dir,
            Runs.Node runs,
            String script,
            Map<String, String> inputs,
            Map<String, String> env,
            Map<String, String> state,
            String action,
            StepLog log,
            StepGuard guard) {
        if (!RUNTIMES.contains(runs.using())) {
            log.error("'" + step.uses().orElse("") + "' uses the unsupported runtime '" + runs.using()
                    + "'; supported are " + RUNTIMES.stream().sorted().toList());
            return Outcome.FAILED;
        }
        // In a job container the image's node runs it (the action's files are mounted at the same path); the host's
        // programs say nothing about the image's.
        Optional<String> nodePath = job.handle().spec().containerized()
                ? Optional.of("node")
                : job.options().programs().find("node");
        if (nodePath.isEmpty()) {
            log.error("'" + step.uses().orElse("") + "' is a " + runs.using()
                    + " action, but 'node' was not found on PATH; install Node.js to run it");
            return Outcome.FAILED;
        }
        Map<String, String> extra = new LinkedHashMap<>(job.actionVariables());
        extra.putAll(ActionInputs.variables(inputs));
        extra.put("GITHUB_ACTION", action);
        extra.put("GITHUB_ACTION_PATH", dir.toString());
        state.forEach((k, v) -> extra.put("STATE_" + k, v));
        List<String> command = List.of(nodePath.get(), dir.resolve(script).toString());
        return StepProcess.run(
                job, scope, log, guard, "node " + script, command, job.request().workspace(), env, extra, state);
    }
}
