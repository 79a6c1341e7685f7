package dev.slipway.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Entry point of the expression language: parse the text inside {@code ${{ }}} and evaluate it. */
public final class Expressions {
    private Expressions() {}

    /** Parses the text inside {@code ${{ }}} (without the delimiters). */
    public static Expr parse(String source) throws ExprException {
        return Parser.parse(source);
    }

    public static Value evaluate(Expr expr, EvalContext ctx) throws ExprException {
        return Evaluator.eval(expr, ctx);
    }

    public static Value evaluate(String source, EvalContext ctx) throws ExprException {
        return Evaluator.eval(parse(source), ctx);
    }

    /** The lower-case names of the contexts {@code expr} reads, in alphabetical order. */
    public static Set<String> contextsUsed(Expr expr) {
        Set<String> names = new TreeSet<>();
        for (Expr.ContextRef r : contextRefs(expr)) {
            names.add(r.name());
        }
        return names;
    }

    /** Every context name {@code expr} reads, each time it reads one, in the order they are written. */
    public static List<Expr.ContextRef> contextRefs(Expr expr) {
        List<Expr.ContextRef> refs = new ArrayList<>();
        collectContexts(expr, refs);
        return refs;
    }

    /** Whether {@code expr} calls {@code success()}, {@code failure()}, {@code always()} or {@code cancelled()}. */
    public static boolean usesStatusFunction(Expr expr) {
        return switch (expr) {
            case Expr.Literal l -> false;
            case Expr.ContextRef r -> false;
            case Expr.Index i -> usesStatusFunction(i.target()) || usesStatusFunction(i.key());
            case Expr.Filter f -> usesStatusFunction(f.target());
            case Expr.Not n -> usesStatusFunction(n.operand());
            case Expr.Compare c -> usesStatusFunction(c.left()) || usesStatusFunction(c.right());
            case Expr.And a -> usesStatusFunction(a.left()) || usesStatusFunction(a.right());
            case Expr.Or o -> usesStatusFunction(o.left()) || usesStatusFunction(o.right());
            case Expr.Call c -> c.function().isStatus() || c.args().stream().anyMatch(Expressions::usesStatusFunction);
        };
    }

    /**
     * Checks that {@code expr} reads only the {@code allowed} contexts (lower case), as GitHub does per workflow
     * key; the error says {@code unrecognized named-value: 'name'} at the first offending reference.
     */
    public static void checkContexts(Expr expr, Set<String> allowed) throws ExprException {
        for (Expr.ContextRef r : contextRefs(expr)) {
            if (!allowed.contains(r.name()) && !allowed.contains(r.name().toLowerCase(Locale.ROOT))) {
                throw new ExprException("unrecognized named-value: '" + r.name() + "'", r.offset());
            }
        }
    }

    private static void collectContexts(Expr expr, List<Expr.ContextRef> names) {
        switch (expr) {
            case Expr.Literal l -> {}
            case Expr.ContextRef r -> names.add(r);
            case Expr.Index i -> {
                collectContexts(i.target(), names);
                collectContexts(i.key(), names);
            }
            case Expr.Filter f -> collectContexts(f.target(), names);
            case Expr.Not n -> collectContexts(n.operand(), names);
            case Expr.Compare c -> {
                collectContexts(c.left(), names);
                collectContexts(c.right(), names);
            }
            case Expr.And a -> {
                collectContexts(a.left(), names);
                collectContexts(a.right(), names);
            }
            case Expr.Or o -> {
                collectContexts(o.left(), names);
                collectContexts(o.right(), names);
            }
            case Expr.Call c -> {
                for (Expr arg : c.args()) {
                    collectContexts(arg, names);
                }
            }
        }
    }
}
