package dev.slipway.run;

import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds evaluation contexts for job-level fields and renders values that may hold expressions. */
final class Contexts {
    private Contexts() {}

    /** An evaluation context over {@code contexts} whose status functions see {@code status}. */
    static EvalContext of(Map<String, Value> contexts, JobStatus status) {
        return EvalContext.builder().contexts(contexts).jobStatus(status).build();
    }

    /** Renders every string inside {@code value} that holds {@code ${{ }}}; other values are kept. */
    static Value render(Value value, EvalContext ctx) throws ExprException {
        return switch (value) {
            case Value.Str s
            when s.value().contains("${{") -> Template.parse(s.value()).evaluate(ctx);
            case Value.Arr a -> {
                List<Value> items = new ArrayList<>(a.items().size());
                for (Value item : a.items()) {
                    items.add(render(item, ctx));
                }
                yield new Value.Arr(items);
            }
            case Value.Obj o -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    fields.put(e.getKey(), render(e.getValue(), ctx));
                }
                yield new Value.Obj(fields);
            }
            default -> value;
        };
    }

    /** Renders a string template. */
    static String renderString(String template, EvalContext ctx) throws ExprException {
        return template.contains("${{") ? Template.parse(template).render(ctx) : template;
    }

    /** {@code base} with {@code key} set to {@code value}. */
    static Value.Obj with(Value.Obj base, String key, Value value) {
        Map<String, Value> m = new LinkedHashMap<>(base.fields());
        m.put(key, value);
        return new Value.Obj(m);
    }

    static Value.Obj strings(Map<String, String> values) {
        Map<String, Value> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, new Value.Str(v)));
        return new Value.Obj(m);
    }
}
