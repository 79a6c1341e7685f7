package dev.slipway.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A value of the expression language, JSON-shaped: null, boolean, number, string, array or object. Object keys keep
 * their insertion order and are looked up case-insensitively, as GitHub does.
 */
public sealed interface Value {

    Null NULL = new Null();
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);

    /** The null value. */
    record Null() implements Value {}

    /** A boolean. */
    record Bool(boolean value) implements Value {}

    /** A number; GitHub's numbers are doubles. */
    record Num(double value) implements Value {}

    /** A string. */
    record Str(String value) implements Value {}

    /** An array. */
    record Arr(List<Value> items) implements Value {
        public Arr {
            items = List.copyOf(items);
        }
    }

    /** An object; keys are kept as written and matched case-insensitively by {@link #get}. */
    record Obj(Map<String, Value> fields) implements Value {
        public Obj {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The field whose name equals {@code key} ignoring case. */
        public Optional<Value> get(String key) {
            Value exact = fields.get(key);
            if (exact != null) {
                return Optional.of(exact);
            }
            for (Map.Entry<String, Value> e : fields.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return Optional.of(e.getValue());
                }
            }
            return Optional.empty();
        }
    }

    static Value of(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Value of(double d) {
        return new Num(d);
    }

    static Value of(String s) {
        return new Str(s);
    }

    static Obj obj(Map<String, Value> fields) {
        return new Obj(fields);
    }

    /** Lower-case kind name as used in messages: null, boolean, number, string, array, object. */
    default String kind() {
        return switch (this) {
            case Null n -> "null";
            case Bool b -> "boolean";
            case Num n -> "number";
            case Str s -> "string";
            case Arr a -> "array";
            case Obj o -> "object";
        };
    }

    /** Convenience: kind name in the user's locale-independent lower case. */
    static String describe(Value v) {
        return v.kind().toLowerCase(Locale.ROOT);
    }
}
