package dev.slipway.workflow;

import dev.slipway.expr.Conditions;
import dev.slipway.expr.Expr;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Template;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks the syntax of every {@code ${{ }}} in the document's string values, and of every condition, and that every
 * name they read is one of the contexts (GitHub refuses the file over "Unrecognized named-value").
 */
final class Expressions {
    /** The contexts of workflows and actions. */
    static final Set<String> CONTEXTS = Set.of(
            "github",
            "env",
            "vars",
            "job",
            "jobs",
            "steps",
            "runner",
            "secrets",
            "strategy",
            "matrix",
            "needs",
            "inputs");

    /** What a job's {@code if} may read (GitHub's workflow schema, and {@code inputs} its documentation adds). */
    static final Set<String> JOB_IF = Set.of("github", "needs", "vars", "inputs");

    /** What a step's {@code if} may read: not {@code secrets}, as GitHub refuses them there. */
    static final Set<String> STEP_IF =
            Set.of("github", "needs", "strategy", "matrix", "steps", "job", "runner", "env", "vars", "inputs");

    /**
     * What a job's {@code name}, {@code runs-on}, {@code timeout-minutes}, {@code continue-on-error}, {@code
     * container}, {@code services} and {@code concurrency} and a reusable workflow call's {@code with} may read.
     */
    static final Set<String> JOB_STRATEGY = Set.of("github", "needs", "strategy", "matrix", "vars", "inputs");

    /** What a job's {@code strategy} may read: no {@code matrix} yet. */
    static final Set<String> STRATEGY = Set.of("github", "needs", "vars", "inputs");

    /** What a job's {@code env} may read. */
    static final Set<String> JOB_ENV = Set.of("github", "needs", "strategy", "matrix", "secrets", "vars", "inputs");

    /** What a job's {@code defaults.run} may read. */
    static final Set<String> JOB_DEFAULTS = Set.of("github", "needs", "strategy", "matrix", "env", "vars", "inputs");

    /** What the workflow's {@code env} may read. */
    static final Set<String> WORKFLOW_ENV = Set.of("github", "secrets", "vars", "inputs");

    /** What the workflow's {@code run-name} and {@code concurrency} may read. */
    static final Set<String> WORKFLOW_LEVEL = Set.of("github", "vars", "inputs");

    private Expressions() {}

    static void check(Ctx ctx, Node root) {
        walk(ctx, root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(Ctx ctx, Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                walk(ctx, t.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) {
                walk(ctx, n, seen);
            }
        } else if (node instanceof ScalarNode s) {
            scalar(ctx, s);
        }
    }

    private static void scalar(Ctx ctx, ScalarNode s) {
        if (ctx.isCondition(s)) {
            if (Nodes.isString(s)) {
                condition(ctx, s);
            }
        } else if (Nodes.isString(s) && s.getValue().contains("${{")) {
            template(ctx, s);
        }
    }

    private static void condition(Ctx ctx, ScalarNode s) {
        try {
            names(ctx, s, Conditions.parse(s.getValue()), ctx.restrictionOf(s));
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    private static void template(Ctx ctx, ScalarNode s) {
        try {
            for (Expr e : Template.parse(s.getValue()).expressions()) {
                names(ctx, s, e, ctx.restrictionOf(s));
            }
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    /**
     * Reports each name {@code e} reads that is not a context, or (when its key restricts them) not one of the
     * {@code allowed} ones, at its place.
     */
    private static void names(Ctx ctx, ScalarNode s, Expr e, java.util.Optional<Ctx.Restriction> allowed) {
        for (Expr.ContextRef ref : dev.slipway.expr.Expressions.contextRefs(e)) {
            if (!CONTEXTS.contains(ref.name())) {
                ctx.error(
                        ctx.spanAt(s, ref.offset()),
                        "Unrecognized named-value: '" + ref.name() + "'" + Suggest.hint(ref.name(), CONTEXTS));
            } else if (allowed.isPresent() && !allowed.get().contexts().contains(ref.name())) {
                ctx.error(
                        ctx.spanAt(s, ref.offset()),
                        "Unrecognized named-value: '" + ref.name() + "': "
                                + allowed.get().where() + " may read only "
                                + String.join(
                                        ", ",
                                        allowed.get().contexts().stream()
                                                .sorted()
                                                .toList()));
            }
        }
    }

    private static void report(Ctx ctx, ScalarNode s, ExprException e) {
        String message = e.getMessage() == null ? "invalid expression" : e.getMessage();
        ctx.error(ctx.spanAt(s, e.offset()), message);
    }
}
