package dev.slipway.expr;

import java.util.ArrayList;
import java.util.List;

/** Tree-walking evaluation with GitHub's loose typing. Stateless; safe to use from many threads. */
final class Evaluator {
    private Evaluator() {}

    static Value eval(Expr expr, EvalContext ctx) throws ExprException {
        return switch (expr) {
            case Expr.Literal l -> l.value();
            case Expr.ContextRef r -> ctx.context(r.name()).orElse(Value.NULL);
            case Expr.Index i -> index(i, ctx);
            case Expr.Filter f -> filter(f, ctx);
            case Expr.Not n -> Value.of(!Values.truthy(eval(n.operand(), ctx)));
            case Expr.Compare c -> Value.of(compare(c.op(), eval(c.left(), ctx), eval(c.right(), ctx)));
            case Expr.And a -> {
                Value left = eval(a.left(), ctx);
                yield Values.truthy(left) ? eval(a.right(), ctx) : left;
            }
            case Expr.Or o -> {
                Value left = eval(o.left(), ctx);
                yield Values.truthy(left) ? left : eval(o.right(), ctx);
            }
            case Expr.Call c -> Functions.call(c, ctx);
        };
    }

    private static Value index(Expr.Index i, EvalContext ctx) throws ExprException {
        Value target = eval(i.target(), ctx);
        Value key = eval(i.key(), ctx);
        if (!i.elementwise()) {
            return access(target, key).orElse(Value.NULL);
        }
        List<Value> out = new ArrayList<>();
        if (target instanceof Value.Arr filtered) {
            for (Value item : filtered.items()) {
                access(item, key).ifPresent(out::add);
            }
        }
        return new Value.Arr(out);
    }

    private static java.util.Optional<Value> access(Value target, Value key) {
        return switch (target) {
            case Value.Arr a -> {
                double d = Values.toNumber(key);
                if (Double.isNaN(d)
                        || Double.isInfinite(d)
                        || d < 0
                        || d >= a.items().size()) {
                    yield java.util.Optional.empty();
                }
                yield java.util.Optional.of(a.items().get((int) Math.floor(d)));
            }
            case Value.Obj o -> Values.isPrimitive(key) ? o.get(Values.toStr(key)) : java.util.Optional.empty();
            default -> java.util.Optional.empty();
        };
    }

    private static Value filter(Expr.Filter f, EvalContext ctx) throws ExprException {
        Value target = eval(f.target(), ctx);
        if (!f.elementwise()) {
            return switch (target) {
                case Value.Arr a -> a;
                case Value.Obj o -> new Value.Arr(List.copyOf(o.fields().values()));
                default -> new Value.Arr(List.of());
            };
        }
        List<Value> out = new ArrayList<>();
        if (target instanceof Value.Arr filtered) {
            for (Value item : filtered.items()) {
                switch (item) {
                    case Value.Arr a -> out.addAll(a.items());
                    case Value.Obj o -> out.addAll(o.fields().values());
                    default -> {}
                }
            }
        }
        return new Value.Arr(out);
    }

    static boolean compare(Expr.CompareOp op, Value left, Value right) {
        return switch (op) {
            case EQ -> looseEquals(left, right);
            case NE -> !looseEquals(left, right);
            case LT -> order(left, right) < 0;
            case LE -> looseEquals(left, right) || order(left, right) < 0;
            case GT -> order(left, right) > 0;
            case GE -> looseEquals(left, right) || order(left, right) > 0;
        };
    }

    /** Equality after GitHub's coercion: mixed kinds compare as numbers; objects and arrays by identity. */
    @SuppressWarnings("ReferenceEquality")
    static boolean looseEquals(Value left, Value right) {
        if (left instanceof Value.Str l && right instanceof Value.Str r) {
            return stringEquals(l.value(), r.value());
        }
        if (left instanceof Value.Arr
                || left instanceof Value.Obj
                || right instanceof Value.Arr
                || right instanceof Value.Obj) {
            return left == right;
        }
        if (left instanceof Value.Null && right instanceof Value.Null) {
            return true;
        }
        if (left instanceof Value.Bool l && right instanceof Value.Bool r) {
            return l.value() == r.value();
        }
        double l = Values.toNumber(left);
        double r = Values.toNumber(right);
        return l == r; // false when either is NaN
    }

    /**
     * Ordering after GitHub's coercion: negative, zero or positive; 0 also when the values are not ordered (NaN,
     * objects, arrays), which is safe because callers only test for strictly less or greater.
     */
    private static int order(Value left, Value right) {
        if (left instanceof Value.Str l && right instanceof Value.Str r) {
            return Integer.signum(Values.upper(l.value()).compareTo(Values.upper(r.value())));
        }
        if (left instanceof Value.Bool l && right instanceof Value.Bool r) {
            return Boolean.compare(l.value(), r.value());
        }
        if (!Values.isPrimitive(left) || !Values.isPrimitive(right)) {
            return 0;
        }
        double l = Values.toNumber(left);
        double r = Values.toNumber(right);
        if (Double.isNaN(l) || Double.isNaN(r)) {
            return 0;
        }
        return l < r ? -1 : (l > r ? 1 : 0);
    }

    private static boolean stringEquals(String a, String b) {
        if (a.length() == b.length() && isAscii(a) && isAscii(b)) {
            return a.equalsIgnoreCase(b);
        }
        return Values.upper(a).equals(Values.upper(b));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
