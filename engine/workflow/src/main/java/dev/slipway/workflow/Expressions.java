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
            names(ctx, s, Conditions.parse(s.getValue()));
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    private static void template(Ctx ctx, ScalarNode s) {
        try {
            for (Expr e : Template.parse(s.getValue()).expressions()) {
                names(ctx, s, e);
            }
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    /** Reports each name {@code e} reads that is not a context, at its place. */
    private static void names(Ctx ctx, ScalarNode s, Expr e) {
        switch (e) {
            case Expr.ContextRef ref -> {
                if (!CONTEXTS.contains(ref.name())) {
                    ctx.error(
                            ctx.spanAt(s, ref.offset()),
                            "Unrecognized named-value: '" + ref.name() + "'" + Suggest.hint(ref.name(), CONTEXTS));
                }
            }
            case Expr.Index i -> {
                names(ctx, s, i.target());
                names(ctx, s, i.key());
            }
            case Expr.Filter f -> names(ctx, s, f.target());
            case Expr.Not n -> names(ctx, s, n.operand());
            case Expr.Compare c -> {
                names(ctx, s, c.left());
                names(ctx, s, c.right());
            }
            case Expr.And a -> {
                names(ctx, s, a.left());
                names(ctx, s, a.right());
            }
            case Expr.Or o -> {
                names(ctx, s, o.left());
                names(ctx, s, o.right());
            }
            case Expr.Call c -> c.args().forEach(arg -> names(ctx, s, arg));
            case Expr.Literal l -> {}
        }
    }

    private static void report(Ctx ctx, ScalarNode s, ExprException e) {
        String message = e.getMessage() == null ? "invalid expression" : e.getMessage();
        ctx.error(ctx.spanAt(s, e.offset()), message);
    }
}
