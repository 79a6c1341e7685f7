package dev.slipway.workflow;

import dev.slipway.expr.Conditions;
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

/** Checks the syntax of every {@code ${{ }}} in the document's string values, and of every condition. */
final class Expressions {
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
            Conditions.parse(s.getValue());
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    private static void template(Ctx ctx, ScalarNode s) {
        try {
            Template.parse(s.getValue());
        } catch (ExprException e) {
            report(ctx, s, e);
        }
    }

    private static void report(Ctx ctx, ScalarNode s, ExprException e) {
        String message = e.getMessage() == null ? "invalid expression" : e.getMessage();
        ctx.error(ctx.spanAt(s, e.offset()), message);
    }
}
