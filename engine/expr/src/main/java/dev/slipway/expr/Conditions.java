package dev.slipway.expr;

import java.util.List;

/**
 * {@code if:} semantics: the condition may be written with or without {@code ${{ }}}, and unless it calls a status
 * function it is evaluated as {@code success() && (condition)}. An empty condition means {@code success()}.
 */
public final class Conditions {
    private Conditions() {}

    /** Parses an {@code if:} value; offsets are indexes into {@code condition}. */
    public static Expr parse(String condition) throws ExprException {
        if (condition.isBlank()) {
            return new Expr.Call(Builtin.SUCCESS, List.of(), 0);
        }
        if (!condition.contains("${{")) {
            return Expressions.parse(condition);
        }
        Template template = Template.parse(condition);
        if (template.expressions().size() == 1 && template.textIsBlank()) {
            // `${{ expr }}` with only whitespace around it: the expression itself.
            return template.expressions().get(0);
        }
        return template.toExpr();
    }

    /** Evaluates an {@code if:} value to a boolean, with the implicit {@code success()}. */
    public static boolean evaluate(String condition, EvalContext ctx) throws ExprException {
        return evaluate(parse(condition), ctx);
    }

    /** Evaluates a parsed condition to a boolean, with the implicit {@code success()}. */
    public static boolean evaluate(Expr condition, EvalContext ctx) throws ExprException {
        if (!Expressions.usesStatusFunction(condition) && ctx.jobStatus() != JobStatus.SUCCESS) {
            return false;
        }
        return Values.truthy(Evaluator.eval(condition, ctx));
    }
}
