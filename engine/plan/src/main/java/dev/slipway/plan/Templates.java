package dev.slipway.plan;

import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Expressions;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates strings holding {@code ${{ }}} inside {@link Value} trees, and finds the contexts they read. */
final class Templates {
    private Templates() {}

    /** Every string in {@code v} with its expressions evaluated; a lone expression keeps its type. */
    static Value evaluateTree(Value v, EvalContext ctx) throws ExprException {
        return switch (v) {
            case Value.Str s ->
                s.value().contains("${{") ? Template.parse(s.value()).evaluate(ctx) : s;
            case Value.Arr a -> {
                List<Value> items = new ArrayList<>();
                for (Value item : a.items()) {
                    items.add(evaluateTree(item, ctx));
                }
                yield new Value.Arr(items);
            }
            case Value.Obj o -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    fields.put(e.getKey(), evaluateTree(e.getValue(), ctx));
                }
                yield new Value.Obj(fields);
            }
            default -> v;
        };
    }

    /** Whether any expression in the strings of {@code v} reads context {@code name} (lower case). */
    static boolean reads(Value v, String name) throws ExprException {
        return switch (v) {
            case Value.Str s -> reads(s.value(), name);
            case Value.Arr a -> {
                for (Value item : a.items()) {
                    if (reads(item, name)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Value.Obj o -> {
                for (Value item : o.fields().values()) {
                    if (reads(item, name)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    static boolean reads(String text, String name) throws ExprException {
        if (!text.contains("${{")) {
            return false;
        }
        return Template.parse(text).expressions().stream()
                .anyMatch(e -> Expressions.contextsUsed(e).contains(name));
    }
}
