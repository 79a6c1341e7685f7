package dev.slipway.runtime;

import dev.slipway.common.SourceSpan;
import dev.slipway.workflow.ActionDef;
import dev.slipway.workflow.ActionInput;
import dev.slipway.workflow.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An action's input values: {@code with:} over the rendered defaults of {@code action.yml}. */
final class ActionInputs {
    /** {@code github.token} or {@code secrets.GITHUB_TOKEN} in an input's default, as actions write them. */
    private static final java.util.regex.Pattern TOKEN =
            java.util.regex.Pattern.compile("(?i)\\$\\{\\{\\s*(github\\.token|secrets\\.github_token)\\s*}}");

    private ActionInputs() {}

    /** Values by input name as declared; inputs given but not declared are kept too, after a warning. */
    static Map<String, String> resolve(
            ActionDef def, Map<String, String> with, StepContext ctx, StepLog log, String uses, SourceSpan span)
            throws Exprs.EvalError {
        Map<String, String> values = new LinkedHashMap<>();
        for (ActionInput input : def.inputs().values()) {
            Optional<String> given = lookup(with, input.name());
            if (given.isPresent()) {
                values.put(input.name(), given.get());
                input.deprecationMessage()
                        .ifPresent(m ->
                                log.warning("Input '" + input.name() + "' has been deprecated with message: " + m));
            } else if (input.defaultValue().isPresent()) {
                String value = Exprs.render(input.defaultValue().get(), ctx, span);
                values.put(input.name(), value);
                if (value.isEmpty() && TOKEN.matcher(input.defaultValue().get()).find()) {
                    // GitHub always has a token; a local run has one only when given
                    log.warning("Input '" + input.name() + "' defaults to the job's GitHub token, and this run has"
                            + " none: give one with --secret GITHUB_TOKEN=... (for instance from `gh auth token`) if"
                            + " the action calls GitHub's API");
                }
            } else {
                values.put(input.name(), "");
                if (input.required()) {
                    log.warning("Input required and not supplied: " + input.name());
                }
            }
        }
        warnUnexpected(def.inputs().keySet(), with, log, uses).forEach(k -> values.put(k, with.get(k)));
        return values;
    }

    /**
     * The inputs of {@code with} that {@code declared} does not name (any case), after GitHub's warning for them;
     * {@code declared} lists them in its own order.
     */
    static List<String> warnUnexpected(
            java.util.Collection<String> declared, Map<String, String> with, StepLog log, String uses) {
        List<String> unexpected = with.keySet().stream()
                .filter(k -> declared.stream().noneMatch(k::equalsIgnoreCase))
                .toList();
        if (!unexpected.isEmpty()) {
            log.warning("Unexpected input(s) '" + String.join("', '", unexpected) + "', valid inputs are " + declared
                    + " (" + uses + ")");
        }
        return unexpected;
    }

    /**
     * {@code GITHUB_ACTION} of a step: {@code github.action} of its context (its id, or its name numbered within the
     * job), else, where the context has none (pre steps), {@link #actionId}.
     */
    static String actionName(StepContext ctx, Step step) {
        return ctx.action().orElseGet(() -> actionId(step));
    }

    /** {@code GITHUB_ACTION} of an action step: its id, else {@link #defaultActionName}. */
    private static String actionId(Step step) {
        return step.id().orElseGet(() -> defaultActionName(step));
    }

    /**
     * What GitHub names a step without an id ({@code github.action}), before the {@code _2}, {@code _3}... of its
     * repetitions in the job: {@code __run} for a script, else {@code __} and the action's {@code owner/repo[/path]}
     * with symbols as {@code _} ({@code __actions_checkout}), {@code __self} for a local action.
     */
    static String defaultActionName(Step step) {
        if (step.uses().isEmpty()) {
            return "__run";
        }
        String uses = step.uses().get();
        if (ActionCatalog.isLocal(uses)) {
            return "__self";
        }
        int at = uses.lastIndexOf('@');
        String name = at > 0 && !uses.startsWith("docker://") ? uses.substring(0, at) : uses;
        return "__" + name.replaceAll("[^A-Za-z0-9-]", "_");
    }

    /**
     * {@code GITHUB_ACTION_REPOSITORY} and {@code GITHUB_ACTION_REF} of an action of a repository ({@code
     * owner/repo[/path]@ref}), as GitHub's runner gives them to its process; none for a local or {@code docker://}
     * one. (A composite action's {@code run} steps get none either, there as here.)
     */
    static Map<String, String> actionRefVariables(Step step) {
        Map<String, String> env = new LinkedHashMap<>();
        step.uses().flatMap(dev.slipway.actions.ActionRef::parse).ifPresent(r -> {
            env.put("GITHUB_ACTION_REPOSITORY", r.owner() + "/" + r.repo());
            env.put("GITHUB_ACTION_REF", r.ref());
        });
        return env;
    }

    /** {@code INPUT_<NAME>} variables: upper case, spaces replaced by underscores. */
    static Map<String, String> variables(Map<String, String> inputs) {
        Map<String, String> env = new LinkedHashMap<>();
        inputs.forEach((k, v) -> env.put("INPUT_" + k.replace(' ', '_').toUpperCase(Locale.ROOT), v));
        return env;
    }

    private static Optional<String> lookup(Map<String, String> with, String name) {
        String exact = with.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return with.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
