package dev.slipway.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** GitHub's conversions between values: truthiness, string and number conversion, JSON and Java objects. */
public final class Values {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final MathContext G15 = new MathContext(15, RoundingMode.HALF_EVEN);

    private Values() {}

    /**
     * Whether {@code actual} matches {@code filter} as a matrix {@code exclude} entry's value does: every leaf of the
     * filter (following its objects by key and its arrays by position) equals, by the expression language's {@code
     * ==} (case-insensitive strings, loose types), the value at the same path in {@code actual}, a missing one being
     * {@code null}. So {@code {name: MacOS}} matches {@code {name: macos, value: macos-latest}}, and {@code '2'}
     * matches {@code 2}. GitHub builds one {@code matrix.path == literal} expression per leaf.
     */
    public static boolean matchesFilter(Value filter, @Nullable Value actual) {
        Value here = actual == null ? Value.NULL : actual;
        return switch (filter) {
            case Value.Obj o ->
                o.fields().entrySet().stream()
                        .allMatch(e -> matchesFilter(
                                e.getValue(),
                                here instanceof Value.Obj h ? h.get(e.getKey()).orElse(null) : null));
            case Value.Arr a -> {
                for (int i = 0; i < a.items().size(); i++) {
                    Value item = here instanceof Value.Arr h && i < h.items().size()
                            ? h.items().get(i)
                            : null;
                    if (!matchesFilter(a.items().get(i), item)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> Evaluator.looseEquals(here, filter);
        };
    }

    /** False for {@code false}, {@code 0}, {@code -0}, {@code NaN}, {@code ''} and {@code null}; true otherwise. */
    public static boolean truthy(Value v) {
        return switch (v) {
            case Value.Null n -> false;
            case Value.Bool b -> b.value();
            case Value.Num n -> n.value() != 0 && !Double.isNaN(n.value());
            case Value.Str s -> !s.value().isEmpty();
            case Value.Arr a -> true;
            case Value.Obj o -> true;
        };
    }

    /**
     * GitHub's string conversion: null is {@code ''}, booleans {@code true}/{@code false}, numbers without a
     * trailing {@code .0} and at most 15 significant digits, arrays {@code Array} and objects {@code Object}.
     */
    public static String toStr(Value v) {
        return switch (v) {
            case Value.Null n -> "";
            case Value.Bool b -> b.value() ? "true" : "false";
            case Value.Num n -> formatNumber(n.value());
            case Value.Str s -> s.value();
            case Value.Arr a -> "Array";
            case Value.Obj o -> "Object";
        };
    }

    /** GitHub's number conversion: null 0, booleans 1/0, strings as JavaScript's {@code Number()}, else NaN. */
    public static double toNumber(Value v) {
        return switch (v) {
            case Value.Null n -> 0;
            case Value.Bool b -> b.value() ? 1 : 0;
            case Value.Num n -> n.value();
            case Value.Str s -> parseNumber(s.value());
            case Value.Arr a -> Double.NaN;
            case Value.Obj o -> Double.NaN;
        };
    }

    /** Whether {@code v} is null, a boolean, a number or a string. */
    public static boolean isPrimitive(Value v) {
        return !(v instanceof Value.Arr || v instanceof Value.Obj);
    }

    /** Pretty JSON with two-space indentation, as GitHub's {@code toJSON()}. */
    public static String toJson(Value v) {
        return Json.write(v);
    }

    /** JSON on one line without spaces (keys in insertion order), for messages and renderings. */
    public static String toCompactJson(Value v) {
        return Json.writeCompact(v);
    }

    /** Parses JSON into a value; numbers become doubles. */
    public static Value fromJson(String json) throws ExprException {
        return Json.read(json);
    }

    /**
     * Converts plain Java data (maps, lists, strings, numbers, booleans, null, as YAML and JSON parsers produce, and
     * {@link Optional}s, empty ones as null) into a value; any other object becomes its {@code toString()}.
     */
    public static Value fromJava(@Nullable Object o) {
        return switch (o) {
            case null -> Value.NULL;
            case Value v -> v;
            case Optional<?> opt -> opt.<Value>map(Values::fromJava).orElse(Value.NULL);
            case Boolean b -> Value.of(b);
            case Number n -> new Value.Num(n.doubleValue());
            case CharSequence s -> new Value.Str(s.toString());
            case Map<?, ?> m -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                m.forEach((k, val) -> fields.put(String.valueOf(k), fromJava(val)));
                yield new Value.Obj(fields);
            }
            case Iterable<?> it -> {
                List<Value> items = new ArrayList<>();
                it.forEach(item -> items.add(fromJava(item)));
                yield new Value.Arr(items);
            }
            default -> new Value.Str(o.toString());
        };
    }

    /** Formats a number like GitHub: {@code 1}, {@code 1.5}, {@code 1E+15}, {@code NaN}, {@code Infinity}. */
    static String formatNumber(double d) {
        if (d == 0) {
            return "0";
        }
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (Math.abs(d) < 1e15 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        String shortest = Double.toString(d);
        if (shortest.indexOf('E') < 0 && significantDigits(shortest) <= 15) {
            return shortest; // plain notation that needs no rounding: the common case, without BigDecimal
        }
        BigDecimal bd = BigDecimal.valueOf(d).round(G15).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= -5 && exponent < 15) {
            return bd.toPlainString();
        }
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (bd.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('E').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    private static int significantDigits(String plain) {
        int count = 0;
        boolean leading = true;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c >= '1' && c <= '9') {
                leading = false;
                count++;
            } else if (c == '0' && !leading) {
                count++;
            }
        }
        return count;
    }

    /** JavaScript's {@code Number(string)}: trimmed, empty is 0, hex/octal/binary prefixes, else NaN. */
    static double parseNumber(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return 0;
        }
        if (s.length() > 2 && s.charAt(0) == '0') {
            int radix = switch (s.charAt(1)) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 0;
            };
            if (radix != 0) {
                String digits = s.substring(2);
                for (int i = 0; i < digits.length(); i++) {
                    if (Character.digit(digits.charAt(i), radix) < 0) {
                        return Double.NaN;
                    }
                }
                return new BigInteger(digits, radix).doubleValue();
            }
        }
        switch (s) {
            case "Infinity", "+Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        if (!DECIMAL.matcher(s).matches()) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /** Upper-cases for GitHub's case-insensitive ordinal comparison (the dotless {@code ı} stays as it is). */
    static String upper(String s) {
        if (s.indexOf('ı') < 0) {
            return s.toUpperCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (String part : s.split("ı", -1)) {
            sb.append(part.toUpperCase(Locale.ROOT)).append('ı');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
