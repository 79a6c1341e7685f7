package dev.slipway.plan;

import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers to build and read {@link Value} trees. */
final class Json {
    private Json() {}

    /** An object from alternating keys and values; values may be Value, String, Boolean, Number or Collection. */
    static Value.Obj obj(Object... kv) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], of(kv[i + 1]));
        }
        return new Value.Obj(m);
    }

    static Value of(Object o) {
        return switch (o) {
            case Value v -> v;
            case String s -> new Value.Str(s);
            case Boolean b -> Value.of(b);
            case Number n -> new Value.Num(n.doubleValue());
            case Optional<?> opt -> opt.map(Json::of).orElse(Value.NULL);
            case Collection<?> c -> {
                List<Value> items = new ArrayList<>();
                for (Object x : c) {
                    items.add(of(x));
                }
                yield new Value.Arr(items);
            }
            case Map<?, ?> map -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                map.forEach((k, v) -> fields.put(String.valueOf(k), of(v)));
                yield new Value.Obj(fields);
            }
            default -> throw new IllegalArgumentException("not JSON-like: " + o.getClass());
        };
    }

    /** The value at a dotted path of object fields. */
    static Optional<Value> at(Value v, String... path) {
        Value cur = v;
        for (String key : path) {
            if (!(cur instanceof Value.Obj o)) {
                return Optional.empty();
            }
            Optional<Value> next = o.get(key);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.of(cur);
    }

    /** The string (or number rendered as an integer when whole) at a path; empty for null, missing or others. */
    static Optional<String> str(Value v, String... path) {
        return at(v, path).flatMap(Json::scalar);
    }

    static Optional<String> scalar(Value v) {
        return switch (v) {
            case Value.Str s -> Optional.of(s.value());
            case Value.Num n -> Optional.of(number(n.value()));
            case Value.Bool b -> Optional.of(Boolean.toString(b.value()));
            default -> Optional.empty();
        };
    }

    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** Strings of an array at a path; empty list when missing. */
    static List<String> strings(Value v, String... path) {
        List<String> out = new ArrayList<>();
        if (at(v, path).orElse(Value.NULL) instanceof Value.Arr a) {
            for (Value item : a.items()) {
                scalar(item).ifPresent(out::add);
            }
        }
        return out;
    }

    /** A compact JSON text of a value, keys in insertion order; used by renderings and messages. */
    static String text(Value v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Value v, StringBuilder sb) {
        switch (v) {
            case Value.Null n -> sb.append("null");
            case Value.Bool b -> sb.append(b.value());
            case Value.Num n -> sb.append(number(n.value()));
            case Value.Str s -> quote(s.value(), sb);
            case Value.Arr a -> {
                sb.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    write(a.items().get(i), sb);
                }
                sb.append(']');
            }
            case Value.Obj o -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    quote(e.getKey(), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            }
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
