package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads {@code steps:} of a job or of a composite action. */
final class StepParser {
    static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern USES =
            Pattern.compile("\\./.*|\\.\\./.*|\\$/.*|docker://.+|[^/@\\s]+/[^/@\\s]+(/[^@\\s]*)?@[^@\\s]+");
    private static final Set<String> JOB_STEP_KEYS = Set.of(
            "id",
            "if",
            "name",
            "uses",
            "run",
            "working-directory",
            "shell",
            "with",
            "env",
            "continue-on-error",
            "timeout-minutes",
            "background");
    /** The keys that make a step run concurrently or wait for such steps; none of them is allowed in a composite. */
    private static final List<String> CONCURRENCY_KEYS =
            List.of("background", "parallel", "wait", "wait-all", "cancel");

    private static final Set<String> COMPOSITE_STEP_KEYS =
            Set.of("id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env", "continue-on-error");

    private StepParser() {}

    /** The steps of {@code node}; {@code composite} applies the composite action rules. */
    static List<Step> parse(Ctx ctx, Node node, boolean composite) {
        List<Step> steps = new ArrayList<>();
        if (Nodes.isNull(node)) {
            return steps;
        }
        if (!(node instanceof SequenceNode)) {
            ctx.error(node, "'steps' must be a sequence, got " + Nodes.kind(node));
            return steps;
        }
        Map<String, SourceSpan> ids = new HashMap<>();
        Map<String, Integer> background = new HashMap<>();
        eachMapping(ctx, node, "steps", f -> {
            if (composite && refusedInComposite(f)) {
                return;
            }
            if (f.has("parallel")) {
                parallel(f, steps, ids, background);
            } else if (f.has("wait") || f.has("wait-all") || f.has("cancel")) {
                steps.add(control(f, steps.size(), ids, background));
            } else {
                step(f, steps.size(), composite, ids, false).ifPresent(s -> add(s, steps, background));
            }
        });
        return steps;
    }

    /** Hands each item of the sequence {@code node} that is a mapping to {@code action}; reports the others. */
    private static void eachMapping(Ctx ctx, Node node, String what, java.util.function.Consumer<Fields> action) {
        List<Node> items = Nodes.items(node);
        for (int i = 0; i < items.size(); i++) {
            Fields.of(ctx, items.get(i), what + "[" + i + "]").ifPresent(action);
        }
    }

    private static void add(Step step, List<Step> steps, Map<String, Integer> background) {
        steps.add(step);
        if (step.background()) {
            step.id().ifPresent(id -> background.put(id, step.index()));
        }
    }

    /** GitHub runs a composite action's steps one after another: none of the concurrency keys is allowed there. */
    private static boolean refusedInComposite(Fields f) {
        boolean refused = false;
        for (String key : CONCURRENCY_KEYS) {
            if (f.has(key)) {
                f.ctx()
                        .error(
                                f.keyNode(key).orElseThrow(),
                                "'" + key + "' cannot be used in a composite action: its steps run one after another"
                                        + " (the step using the action can run in the background)");
                refused = true;
            }
        }
        return refused;
    }

    /**
     * A {@code parallel:} group, read as GitHub defines it: each of its steps in the background, then a {@code wait}
     * for all of them.
     */
    private static void parallel(
            Fields f, List<Step> steps, Map<String, SourceSpan> ids, Map<String, Integer> background) {
        Ctx ctx = f.ctx();
        f.allow("a 'parallel' step", Set.of("parallel"));
        Node group = f.node("parallel").orElseThrow();
        if (!(group instanceof SequenceNode) || Nodes.items(group).isEmpty()) {
            ctx.error(
                    group,
                    "'parallel' must be a non-empty sequence of steps, got "
                            + (group instanceof SequenceNode ? "an empty sequence" : Nodes.kind(group)));
            return;
        }
        List<Integer> members = new ArrayList<>();
        List<String> names = new ArrayList<>();
        eachMapping(ctx, group, "parallel", g -> {
            boolean refused = false;
            for (String key : List.of("parallel", "wait", "wait-all", "cancel")) {
                if (g.has(key)) {
                    ctx.error(
                            g.keyNode(key).orElseThrow(),
                            "a step of 'parallel' must be a 'run' or 'uses' step, not '" + key + "'");
                    refused = true;
                }
            }
            if (g.bool("background").filter(b -> !b).isPresent()) {
                ctx.error(g.node("background").orElseThrow(), "the steps of 'parallel' run in the background");
            }
            Optional<Step> member = refused ? Optional.empty() : step(g, steps.size(), false, ids, true);
            if (member.isPresent()) {
                add(member.get(), steps, background);
                members.add(member.get().index());
                names.add(member.get().displayName());
            }
        });
        steps.add(controlStep(
                steps.size(),
                Optional.empty(),
                Optional.of("Wait for the parallel steps"),
                Value.FALSE,
                f,
                new Step.Control(Step.Control.Kind.WAIT, members, names)));
    }

    /** A step that only waits for or cancels background steps. */
    private static Step controlStep(
            int index,
            Optional<String> id,
            Optional<String> name,
            Value continueOnError,
            Fields f,
            Step.Control control) {
        return new Step(
                index,
                id,
                name,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                continueOnError,
                Value.NULL,
                f.span(),
                f.spans(),
                false,
                Optional.of(control));
    }

    /** A {@code wait}, {@code wait-all} or {@code cancel} step. */
    private static Step control(Fields f, int index, Map<String, SourceSpan> ids, Map<String, Integer> background) {
        Ctx ctx = f.ctx();
        String key = f.has("wait") ? "wait" : f.has("wait-all") ? "wait-all" : "cancel";
        Set<String> others = Set.of("run", "uses", "wait", "wait-all", "cancel", "if");
        for (String other : others) {
            if (!other.equals(key) && f.has(other)) {
                ctx.error(
                        f.keyNode(other).orElseThrow(),
                        other.equals("if")
                                ? "a '" + key + "' step always runs: it does not support 'if'"
                                : "a '" + key + "' step cannot have '" + other + "'");
            }
        }
        Set<String> allowed = new java.util.HashSet<>(others);
        allowed.addAll(key.equals("cancel") ? Set.of("id", "name") : Set.of("id", "name", "continue-on-error"));
        f.allow("a '" + key + "' step", allowed);
        Optional<String> id = f.string("id");
        id.ifPresent(i -> checkId(f, i, ids));
        Node value = f.node(key).orElseThrow();
        List<Integer> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Step.Control.Kind kind;
        if (key.equals("wait-all")) {
            kind = Step.Control.Kind.WAIT_ALL;
            if (!Nodes.isNull(value) && !Nodes.value(value).equals(Value.TRUE)) {
                ctx.error(value, "'wait-all' takes no value (it waits for every background step still running)");
            }
        } else {
            kind = key.equals("wait") ? Step.Control.Kind.WAIT : Step.Control.Kind.CANCEL;
            List<Node> named = value instanceof SequenceNode ? Nodes.items(value) : List.of(value);
            if (kind == Step.Control.Kind.CANCEL && named.size() != 1) {
                ctx.error(value, "'cancel' names one background step by its id, got " + Nodes.kind(value));
            } else if (named.isEmpty()) {
                ctx.error(value, "'wait' needs the id of at least one background step");
            }
            for (Node n : named) {
                if (!Nodes.isString(n)) {
                    ctx.error(n, "'" + key + "' must name background steps by their ids, got " + Nodes.kind(n));
                    continue;
                }
                String target = Nodes.text((ScalarNode) n);
                Integer at = background.get(target);
                if (at != null) {
                    targets.add(at);
                    names.add(target);
                } else if (ids.containsKey(target)) {
                    ctx.error(
                            n,
                            "'" + key + "' names step '" + target + "', which does not run in the background"
                                    + " (add 'background: true' to it)");
                } else {
                    ctx.error(
                            n,
                            "'" + key + "' names '" + target + "', but no background step before this one has"
                                    + " that id");
                }
            }
        }
        return controlStep(
                index,
                id,
                f.string("name"),
                kind == Step.Control.Kind.CANCEL ? Value.FALSE : f.boolOrExpr("continue-on-error", Value.FALSE),
                f,
                new Step.Control(kind, targets, names));
    }

    private static Optional<Step> step(
            Fields f, int index, boolean composite, Map<String, SourceSpan> ids, boolean inParallel) {
        Ctx ctx = f.ctx();
        f.allow(composite ? "a composite action step" : "a step", composite ? COMPOSITE_STEP_KEYS : JOB_STEP_KEYS);
        Optional<String> id = f.string("id");
        id.ifPresent(i -> checkId(f, i, ids));
        f.node("if").ifPresent(n -> ctx.condition(n, Expressions.STEP_IF));
        Optional<String> run = f.string("run");
        // a block scalar ("uses: |") leaves a final newline, which GitHub does not count
        Optional<String> uses = f.string("uses").map(String::strip);
        if (!f.has("run") && !f.has("uses")) {
            ctx.error(f.span(), "a step must have either 'run' or 'uses'");
        } else if (f.has("run") && f.has("uses")) {
            ctx.error(f.keyNode("uses").orElseThrow(), "a step cannot have both 'run' and 'uses'");
        }
        uses.ifPresent(u -> checkUses(f, u));
        if (f.has("run")) {
            f.keyNode("with").ifPresent(k -> ctx.error(k, "'with' is only allowed on a 'uses' step"));
            if (composite && !f.has("shell")) {
                ctx.error(f.keyNode("run").orElseThrow(), "a 'run' step of a composite action requires 'shell'");
            }
        } else if (f.has("uses")) {
            f.keyNode("shell").ifPresent(k -> ctx.error(k, "'shell' is only allowed on a 'run' step"));
        }
        Step step = new Step(
                index,
                id,
                f.string("name"),
                f.string("if"),
                run,
                uses,
                f.stringMapOrExpression("with"),
                f.stringMapOrExpression("env"),
                f.string("shell"),
                f.string("working-directory"),
                f.boolOrExpr("continue-on-error", Value.FALSE),
                f.numberOrExpr("timeout-minutes"),
                f.span(),
                f.spans(),
                inParallel || f.bool("background").orElse(false),
                Optional.empty());
        return Optional.of(step);
    }

    private static void checkId(Fields f, String id, Map<String, SourceSpan> ids) {
        Node node = f.node("id").orElseThrow();
        if (!ID.matcher(id).matches()) {
            f.ctx()
                    .error(
                            node,
                            "invalid step id '" + id + "': it must start with a letter or '_' and contain only"
                                    + " letters, digits, '-' and '_'");
        }
        SourceSpan here = f.ctx().span(node);
        SourceSpan first = ids.putIfAbsent(id, here);
        if (first != null) {
            f.ctx().error(node, "duplicate step id '" + id + "' (first used at line " + first.line() + ")");
        }
    }

    private static void checkUses(Fields f, String uses) {
        if (!USES.matcher(uses).matches()) {
            f.ctx()
                    .error(
                            f.node("uses").orElseThrow(),
                            "invalid 'uses' value '" + uses
                                    + "': expected ./path, $/path, docker://image or owner/repo[/path]@ref");
        }
    }
}
