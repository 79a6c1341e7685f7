package dev.slipway.expr;

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
    record Null() implements Value {
        @Override
        public String kind() {
            return "null";
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements Value {
        @Override
        public String kind() {
            return "boolean";
        }
    }

    /** A number; GitHub's numbers are doubles. */
    record Num(double value) implements Value {
        @Override
        public String kind() {
            return "number";
        }
    }

    /** A string. */
    record Str(String value) implements Value {
        @Override
        public String kind() {
            return "string";
        }
    }

    /** An array. */
    record Arr(List<Value> items) implements Value {
        public Arr {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "array";
        }
    }

    /** An object; keys are kept as written and matched case-insensitively by {@link #get}. */
    record Obj(Map<String, Value> fields) implements Value {
        public Obj {
            fields = FieldMap.copyOf(fields);
        }

        /** The field whose name equals {@code key} ignoring case (an exact match wins). */
        public Optional<Value> get(String key) {
            return Optional.ofNullable(((FieldMap) fields).lookup(key));
        }

        @Override
        public String kind() {
            return "object";
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

    /**
     * Lower-case kind name as used in messages: null, boolean, number, string, array, object. (Implemented by each
     * record rather than as a default method, so that loading a record never initializes this interface first: that
     * order could deadlock with the constants above.)
     */
    String kind();

    /** Convenience: kind name in the user's locale-independent lower case. */
    static String describe(Value v) {
        return v.kind().toLowerCase(Locale.ROOT);
    }
}
