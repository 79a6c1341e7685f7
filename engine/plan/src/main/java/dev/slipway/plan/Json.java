package dev.slipway.plan;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.ArrayList;
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
        return Values.fromJava(o);
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
        return Values.toStr(new Value.Num(d));
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
        return Values.toCompactJson(v);
    }
}
