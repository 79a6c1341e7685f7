package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Conditions;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.Expr;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.workflow.WholeMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the templates and conditions of a job, with parse results cached (a job with 200 steps renders many equal
 * strings). Mistakes come back as {@link EvalError}s holding a diagnostic that points at the field.
 */
final class Exprs {
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Object> TEMPLATES = new ConcurrentHashMap<>();
    private static final Map<String, Object> CONDITIONS = new ConcurrentHashMap<>();

    private Exprs() {}

    /** Thrown for a mistake in an expression; carries a ready diagnostic. */
    static final class EvalError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Diagnostic diagnostic;

        EvalError(Diagnostic diagnostic) {
            super(diagnostic.render(), null, false, false);
            this.diagnostic = diagnostic;
        }

        Diagnostic diagnostic() {
            return diagnostic;
        }
    }

    static String render(String raw, EvalContext ctx, SourceSpan span) throws EvalError {
        if (raw.indexOf("${{") < 0) {
            return raw;
        }
        try {
            return template(raw).render(ctx);
        } catch (ExprException e) {
            throw error(raw, e, span);
        }
    }

    static Value evaluate(String raw, EvalContext ctx, SourceSpan span) throws EvalError {
        try {
            return template(raw).evaluate(ctx);
        } catch (ExprException e) {
            throw error(raw, e, span);
        }
    }

    static boolean condition(String raw, EvalContext ctx, SourceSpan span) throws EvalError {
        try {
            Object cached = CONDITIONS.get(raw);
            Expr expr;
            if (cached instanceof Expr ex) {
                expr = ex;
            } else if (cached instanceof ExprException ex) {
                throw ex;
            } else {
                try {
                    expr = Conditions.parse(raw);
                    remember(CONDITIONS, raw, expr);
                } catch (ExprException ex) {
                    remember(CONDITIONS, raw, ex);
                    throw ex;
                }
            }
            return Conditions.evaluate(expr, ctx);
        } catch (ExprException e) {
            throw error(raw, e, span);
        }
    }

    /**
     * Renders every value of {@code map}, in order; a mapping given as one expression ({@link WholeMapping}) is
     * evaluated, and must give a mapping (or null: none).
     */
    static Map<String, String> renderAll(Map<String, String> map, EvalContext ctx, SourceSpan span) throws EvalError {
        Optional<String> whole = WholeMapping.expression(map);
        if (whole.isPresent()) {
            Value value = evaluate(whole.get(), ctx, span);
            Map<String, String> out = new LinkedHashMap<>();
            if (value instanceof Value.Obj obj) {
                obj.fields().forEach((k, v) -> out.put(k, Values.toStr(v)));
            } else if (value != Value.NULL) {
                throw new EvalError(Diagnostic.error(
                        span, "'" + whole.get() + "' must give a mapping, got " + Values.toStr(value)));
            }
            return out;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.put(e.getKey(), render(e.getValue(), ctx, span));
        }
        return out;
    }

    private static Template template(String raw) throws ExprException {
        Object cached = TEMPLATES.get(raw);
        if (cached instanceof Template t) {
            return t;
        }
        if (cached instanceof ExprException e) {
            throw e;
        }
        try {
            Template t = Template.parse(raw);
            remember(TEMPLATES, raw, t);
            return t;
        } catch (ExprException e) {
            remember(TEMPLATES, raw, e);
            throw e;
        }
    }

    private static void remember(Map<String, Object> cache, String key, Object value) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }

    /** Points into the field when the error is on its first line, else at the field itself. */
    private static EvalError error(String raw, ExprException e, SourceSpan span) {
        int offset = Math.min(Math.max(e.offset(), 0), raw.length());
        boolean sameLine = raw.substring(0, offset).indexOf('\n') < 0 && span.line() > 0;
        SourceSpan at = sameLine ? span.shift(offset) : span;
        return new EvalError(Diagnostic.error(at, e.getMessage()));
    }
}
