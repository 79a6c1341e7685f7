package dev.slipway.expr;

import java.util.List;

/**
 * A parsed expression. Every node knows the 0-based {@link #offset()} of its first character in the parsed text.
 * Property access {@code a.b} is an {@link Index} with a string literal key.
 */
public sealed interface Expr {

    /** 0-based index of this node in the parsed text. */
    int offset();

    /** {@code null}, {@code true}, {@code 1.5}, {@code 'text'}. */
    record Literal(Value value, int offset) implements Expr {}

    /** A context name such as {@code github}; {@code name} is lower case. */
    record ContextRef(String name, int offset) implements Expr {}

    /**
     * {@code target[key]} or {@code target.key}. When {@code elementwise}, the target is the result of a filter and
     * the access applies to each of its elements.
     */
    record Index(Expr target, Expr key, boolean elementwise, int offset) implements Expr {}

    /** The object filter {@code target.*} or {@code target[*]}. */
    record Filter(Expr target, boolean elementwise, int offset) implements Expr {}

    /** {@code !operand}. */
    record Not(Expr operand, int offset) implements Expr {}

    /** A comparison; its value is a boolean. */
    record Compare(CompareOp op, Expr left, Expr right, int offset) implements Expr {}

    /** {@code left && right}; its value is the first falsy operand, or the last one. */
    record And(Expr left, Expr right, int offset) implements Expr {}

    /** {@code left || right}; its value is the first truthy operand, or the last one. */
    record Or(Expr left, Expr right, int offset) implements Expr {}

    /** A call of a built-in function. */
    record Call(Builtin function, List<Expr> args, int offset) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** The comparison operators. */
    enum CompareOp {
        EQ("=="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
