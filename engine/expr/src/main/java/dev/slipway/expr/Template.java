package dev.slipway.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string that may hold {@code ${{ }}} parts, such as a {@code run:} script or an {@code env:} value. Offsets of
 * parse and evaluation errors, and of the expressions' nodes, are indexes into the raw string.
 */
public final class Template {
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";

    /** A piece of a template: literal text or an expression. */
    sealed interface Part {}

    record Text(String text) implements Part {}

    record Expression(Expr expr) implements Part {}

    private final String raw;
    private final List<Part> parts;
    private final List<Expr> expressions;

    private Template(String raw, List<Part> parts) {
        this.raw = raw;
        this.parts = List.copyOf(parts);
        List<Expr> exprs = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Expression e) {
                exprs.add(e.expr());
            }
        }
        this.expressions = List.copyOf(exprs);
    }

    /** Splits {@code raw} into text and expressions; {@code }}} inside a quoted string does not end an expression. */
    public static Template parse(String raw) throws ExprException {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = raw.indexOf(OPEN, pos);
            if (open < 0) {
                if (pos < raw.length()) {
                    parts.add(new Text(raw.substring(pos)));
                }
                return new Template(raw, parts);
            }
            if (open > pos) {
                parts.add(new Text(raw.substring(pos, open)));
            }
            int start = open + OPEN.length();
            int close = findClose(raw, start);
            if (close < 0) {
                throw new ExprException("unterminated expression: '${{' without '}}'", open);
            }
            if (raw.substring(start, close).isBlank()) {
                throw new ExprException("expected an expression inside '${{ }}'", open);
            }
            parts.add(new Expression(Parser.parse(raw, start, close)));
            pos = close + CLOSE.length();
        }
    }

    private static int findClose(String raw, int from) {
        boolean inString = false;
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (!inString && c == '}' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    /** The text as written. */
    public String raw() {
        return raw;
    }

    /** True when the template holds no {@code ${{ }}} at all. */
    public boolean isLiteral() {
        return expressions.isEmpty();
    }

    /** The expressions, in order of appearance. */
    public List<Expr> expressions() {
        return expressions;
    }

    /** True when the template is exactly one {@code ${{ }}} with no text around it. */
    public boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Expression;
    }

    /** True when all text outside the expressions is whitespace. */
    boolean textIsBlank() {
        return parts.stream().allMatch(p -> !(p instanceof Text t) || t.text().isBlank());
    }

    /** Interpolates: each expression's value is converted to a string as GitHub does. */
    public String render(EvalContext ctx) throws ExprException {
        if (isLiteral()) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length() + 32);
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Expression e -> sb.append(Values.toStr(Evaluator.eval(e.expr(), ctx)));
            }
        }
        return sb.toString();
    }

    /** The typed value when the template is exactly one expression; otherwise the rendered string. */
    public Value evaluate(EvalContext ctx) throws ExprException {
        if (isSingleExpression()) {
            return Evaluator.eval(expressions.get(0), ctx);
        }
        return new Value.Str(render(ctx));
    }

    /**
     * One expression with the template's value: the expression itself when single, a string literal when literal,
     * else a {@code format()} call, as GitHub rewrites templates.
     */
    public Expr toExpr() {
        if (isSingleExpression()) {
            return expressions.get(0);
        }
        if (isLiteral()) {
            return new Expr.Literal(new Value.Str(raw), 0);
        }
        StringBuilder fmt = new StringBuilder();
        List<Expr> args = new ArrayList<>();
        args.add(new Expr.Literal(Value.NULL, 0)); // replaced below once the format string is known
        int index = 0;
        for (Part p : parts) {
            switch (p) {
                case Text t -> fmt.append(t.text().replace("{", "{{").replace("}", "}}"));
                case Expression e -> {
                    fmt.append('{').append(index++).append('}');
                    args.add(e.expr());
                }
            }
        }
        args.set(0, new Expr.Literal(new Value.Str(fmt.toString()), 0));
        return new Expr.Call(Builtin.FORMAT, args, 0);
    }

    @Override
    public String toString() {
        return raw;
    }
}
