package dev.slipway.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The built-in functions. Argument counts were checked by the parser. */
final class Functions {
    private Functions() {}

    static Value call(Expr.Call call, EvalContext ctx) throws ExprException {
        List<Expr> args = call.args();
        return switch (call.function()) {
            case CASE -> caseOf(call, ctx);
            case CONTAINS -> Value.of(contains(Evaluator.eval(args.get(0), ctx), Evaluator.eval(args.get(1), ctx)));
            case STARTS_WITH, ENDS_WITH -> Value.of(affix(call.function(), args, ctx));
            case FORMAT -> new Value.Str(format(call, ctx));
            case JOIN -> new Value.Str(join(args, ctx));
            case TO_JSON -> new Value.Str(Values.toJson(Evaluator.eval(args.get(0), ctx)));
            case FROM_JSON -> fromJson(call, ctx);
            case HASH_FILES -> new Value.Str(hashFiles(call, ctx));
            case SUCCESS -> Value.of(ctx.jobStatus() == JobStatus.SUCCESS);
            case FAILURE -> Value.of(ctx.jobStatus() == JobStatus.FAILURE);
            case CANCELLED -> Value.of(ctx.jobStatus() == JobStatus.CANCELLED);
            case ALWAYS -> Value.TRUE;
        };
    }

    /**
     * The value after the first condition that is true, else the last argument. Only what is needed is evaluated, and
     * a condition must be a boolean: GitHub's runner refuses {@code 'true'} or {@code 1} there rather than coerce.
     */
    private static Value caseOf(Expr.Call call, EvalContext ctx) throws ExprException {
        List<Expr> args = call.args();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            Value condition = Evaluator.eval(args.get(i), ctx);
            if (!(condition instanceof Value.Bool b)) {
                throw new ExprException(
                        "case: condition " + (i / 2 + 1) + " must be a boolean, got type " + condition.kind(),
                        args.get(i).offset());
            }
            if (b.value()) {
                return Evaluator.eval(args.get(i + 1), ctx);
            }
        }
        return Evaluator.eval(args.get(args.size() - 1), ctx);
    }

    private static boolean contains(Value search, Value item) {
        if (search instanceof Value.Arr a) {
            for (Value v : a.items()) {
                if (Evaluator.looseEquals(item, v)) {
                    return true;
                }
            }
            return false;
        }
        if (Values.isPrimitive(search) && Values.isPrimitive(item)) {
            return lower(Values.toStr(search)).contains(lower(Values.toStr(item)));
        }
        return false;
    }

    private static boolean affix(Builtin fn, List<Expr> args, EvalContext ctx) throws ExprException {
        Value subject = Evaluator.eval(args.get(0), ctx);
        Value affix = Evaluator.eval(args.get(1), ctx);
        if (!Values.isPrimitive(subject) || !Values.isPrimitive(affix)) {
            return false;
        }
        String s = Values.toStr(subject);
        String a = Values.toStr(affix);
        if (a.length() > s.length()) {
            return false;
        }
        int from = fn == Builtin.STARTS_WITH ? 0 : s.length() - a.length();
        if (s.regionMatches(true, from, a, 0, a.length())) {
            return true;
        }
        String ls = lower(s);
        String la = lower(a);
        return fn == Builtin.STARTS_WITH ? ls.startsWith(la) : ls.endsWith(la);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String join(List<Expr> args, EvalContext ctx) throws ExprException {
        Value subject = Evaluator.eval(args.get(0), ctx);
        if (Values.isPrimitive(subject)) {
            return Values.toStr(subject);
        }
        if (!(subject instanceof Value.Arr a)) {
            return "";
        }
        String separator = ",";
        if (args.size() > 1) {
            Value sep = Evaluator.eval(args.get(1), ctx);
            if (Values.isPrimitive(sep)) {
                separator = Values.toStr(sep);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.items().size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(Values.toStr(a.items().get(i)));
        }
        return sb.toString();
    }

    private static String format(Expr.Call call, EvalContext ctx) throws ExprException {
        List<Expr> args = call.args();
        String fs = Values.toStr(Evaluator.eval(args.get(0), ctx));
        List<String> values = new ArrayList<>(args.size() - 1);
        for (int i = 1; i < args.size(); i++) {
            values.add(Values.toStr(Evaluator.eval(args.get(i), ctx)));
        }
        StringBuilder sb = new StringBuilder(fs.length() + 16);
        int n = fs.length();
        int i = 0;
        while (i < n) {
            char c = fs.charAt(i);
            if (c == '{') {
                if (i + 1 < n && fs.charAt(i + 1) == '{') {
                    sb.append('{');
                    i += 2;
                    continue;
                }
                int close = fs.indexOf('}', i + 1);
                int index = close < 0 ? -1 : argIndex(fs, i + 1, close);
                if (index < 0) {
                    throw new ExprException("invalid format string: '" + fs + "'", call.offset());
                }
                if (index >= values.size()) {
                    throw new ExprException(
                            "format string references argument {" + index + "} but only " + values.size()
                                    + " were supplied: '" + fs + "'",
                            call.offset());
                }
                sb.append(values.get(index));
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < n && fs.charAt(i + 1) == '}') {
                    sb.append('}');
                    i += 2;
                    continue;
                }
                throw new ExprException("invalid format string: '" + fs + "'", call.offset());
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** The argument index written between {@code from} and {@code to}, or -1 when it is not a number. */
    private static int argIndex(String fs, int from, int to) {
        if (from == to || to - from > 9) {
            return -1;
        }
        int result = 0;
        for (int i = from; i < to; i++) {
            char c = fs.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    private static Value fromJson(Expr.Call call, EvalContext ctx) throws ExprException {
        String text = Values.toStr(Evaluator.eval(call.args().get(0), ctx));
        try {
            return Values.fromJson(text);
        } catch (ExprException e) {
            throw new ExprException("fromJSON: " + e.getMessage(), call.offset());
        }
    }

    private static String hashFiles(Expr.Call call, EvalContext ctx) throws ExprException {
        List<String> patterns = new ArrayList<>(call.args().size());
        for (Expr arg : call.args()) {
            patterns.add(Values.toStr(Evaluator.eval(arg, ctx)));
        }
        try {
            return ctx.hashFiles(patterns);
        } catch (ExprException e) {
            throw new ExprException(e.getMessage() == null ? "hashFiles failed" : e.getMessage(), call.offset());
        }
    }
}
