package dev.slipway.runtime;

import dev.slipway.actions.NodeInstalls;
import dev.slipway.workflow.Runs;
import dev.slipway.workflow.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the scripts of a Node.js action ({@code runs.using: node20}) with a Node.js of the host of the major it names, or
 * in a container job with the image's {@code node}.
 */
final class NodeAction {
    private static final Set<String> RUNTIMES = Set.of("node12", "node16", "node20", "node24");

    private final JobState job;
    /** The host's node for each major this job's actions asked for: looked for once per job. */
    private final Map<Integer, Optional<String>> hostNodes = new ConcurrentHashMap<>();

    NodeAction(JobState job) {
        this.job = job;
    }

    /** The Node.js major that runs a {@code using} action: its own, but 20 for node12 and node16, as on GitHub. */
    static int major(String using) {
        int major = Integer.parseInt(using.substring("node".length()));
        return major < 20 ? 20 : major;
    }

    /**
     * The host's {@code node} for a {@code using} action: the highest Node.js of its major installed here (found where
     * {@code actions/setup-node} finds them), as GitHub's runner runs it on the Node.js of that major it ships; else the
     * one on {@code PATH}, with a warning that says which version that is.
     */
    private Optional<String> hostNode(String using, StepLog log) {
        int major = major(using);
        Optional<String> known = hostNodes.get(major);
        if (known != null) {
            return known;
        }
        Map<String, String> env = new LinkedHashMap<>(job.options().hostEnv());
        env.put("RUNNER_TOOL_CACHE", job.options().toolCache().toString());
        List<NodeInstalls.Node> found = NodeInstalls.find(env);
        Optional<String> node =
                NodeInstalls.highest(found, major).map(n -> n.program().toString());
        if (node.isEmpty()) {
            node = job.options().programs().find("node");
            node.ifPresent(p -> log.warning("No Node.js " + major + " for this " + using + " action on PATH, in the"
                    + " tool cache " + job.options().toolCache() + " or among nvm's and asdf's installs: it runs on "
                    + versionOf(p, found) + " (" + p + ") instead"));
        }
        hostNodes.put(major, node);
        return node;
    }

    /** "Node.js v20.1.0", the version of {@code program} among {@code found}, or "the Node.js" when not among them. */
    private static String versionOf(String program, List<NodeInstalls.Node> found) {
        Optional<Path> real = realPath(Path.of(program));
        return found.stream()
                .filter(n -> real.isPresent() && realPath(n.program()).equals(real))
                .findFirst()
                .map(n -> "Node.js v" + n.version())
                .orElse("the Node.js");
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
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
        Optional<String> nodePath =
                job.handle().spec().containerized() ? Optional.of("node") : hostNode(runs.using(), log);
        if (nodePath.isEmpty()) {
            log.error("'" + step.uses().orElse("") + "' is a " + runs.using() + " action, but no Node.js "
                    + major(runs.using()) + " was found and 'node' was not found on PATH; install Node.js to run it");
            return Outcome.FAILED;
        }
        Map<String, String> extra =
                new LinkedHashMap<>(job.actionVariables(!job.handle().spec().containerized(), log));
        extra.putAll(ActionInputs.variables(inputs));
        extra.put("GITHUB_ACTION", action);
        extra.put("GITHUB_ACTION_PATH", dir.toString());
        extra.putAll(ActionInputs.actionRefVariables(step));
        state.forEach((k, v) -> extra.put("STATE_" + k, v));
        List<String> command = List.of(nodePath.get(), dir.resolve(script).toString());
        return StepProcess.run(
                job, scope, log, guard, "node " + script, command, job.request().workspace(), env, extra, state);
    }
}
