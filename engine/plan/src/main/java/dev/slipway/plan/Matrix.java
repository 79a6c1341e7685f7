package dev.slipway.plan;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code strategy.matrix} into job combinations with GitHub's rules: the cartesian product of the vectors
 * (first vector outermost), minus combinations matching an {@code exclude} entry (partial match), then each {@code
 * include} entry is merged into every original combination whose original values it does not change, or added as a
 * combination of its own when it fits none. At most {@value #MAX_COMBINATIONS} combinations.
 */
public final class Matrix {
    /** GitHub's limit of jobs one matrix may generate. */
    public static final int MAX_COMBINATIONS = 256;

    private Matrix() {}

    /** The combinations, or the reasons the matrix is invalid (then {@code combinations} is empty). */
    public record Expansion(List<Value.Obj> combinations, List<String> errors) {
        public Expansion {
            combinations = List.copyOf(combinations);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }

        static Expansion error(String message) {
            return new Expansion(List.of(), List.of(message));
        }
    }

    /** Expands a matrix object whose expressions are already evaluated. */
    public static Expansion expand(Value matrix) {
        if (!(matrix instanceof Value.Obj obj)) {
            return Expansion.error("matrix must be an object, got " + matrix.kind());
        }
        Map<String, List<Value>> vectors = new LinkedHashMap<>();
        Value include = Value.NULL;
        Value exclude = Value.NULL;
        for (Map.Entry<String, Value> e : obj.fields().entrySet()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase("include")) {
                include = e.getValue();
            } else if (key.equalsIgnoreCase("exclude")) {
                exclude = e.getValue();
            } else if (!(e.getValue() instanceof Value.Arr arr)) {
                return Expansion.error("matrix vector '" + key + "' must be an array, got "
                        + e.getValue().kind());
            } else if (arr.items().isEmpty()) {
                return Expansion.error("matrix vector '" + key + "' does not contain any values");
            } else {
                vectors.put(key, arr.items());
            }
        }
        List<Value.Obj> includes;
        List<Value.Obj> excludes;
        try {
            includes = entries("include", include);
            excludes = entries("exclude", exclude);
        } catch (IllegalArgumentException e) {
            return Expansion.error(e.getMessage());
        }
        if (vectors.isEmpty() && includes.isEmpty()) {
            return Expansion.error("matrix must define at least one vector or include entry");
        }
        long product = 1;
        for (List<Value> v : vectors.values()) {
            product *= v.size();
            if (product > 64L * MAX_COMBINATIONS) {
                return tooMany(product);
            }
        }
        for (Value.Obj ex : excludes) {
            for (String key : ex.fields().keySet()) {
                if (vectors.keySet().stream().noneMatch(key::equalsIgnoreCase)) { // keys are case-insensitive
                    return Expansion.error("matrix exclude key '" + key + "' does not match any vector of the matrix");
                }
            }
        }
        List<Map<String, Value>> combos = vectors.isEmpty() ? new ArrayList<>() : product(vectors);
        combos.removeIf(c -> excludes.stream().anyMatch(ex -> subsetOf(ex.fields(), c)));
        List<Map<String, Value>> added = new ArrayList<>();
        for (Value.Obj inc : includes) {
            boolean merged = false;
            for (Map<String, Value> c : combos) {
                if (fits(inc.fields(), c, vectors)) {
                    c.putAll(inc.fields());
                    merged = true;
                }
            }
            if (!merged) {
                added.add(new LinkedHashMap<>(inc.fields()));
            }
        }
        combos.addAll(added);
        if (combos.size() > MAX_COMBINATIONS) {
            return tooMany(combos.size());
        }
        if (combos.isEmpty()) {
            return Expansion.error("matrix has no combinations left after exclude");
        }
        return new Expansion(combos.stream().map(Value.Obj::new).toList(), List.of());
    }

    private static Expansion tooMany(long n) {
        return Expansion.error("matrix has " + n + " combinations; at most " + MAX_COMBINATIONS + " are allowed");
    }

    private static List<Value.Obj> entries(String key, Value v) {
        if (v instanceof Value.Null) {
            return List.of();
        }
        if (!(v instanceof Value.Arr arr)) {
            throw new IllegalArgumentException("matrix " + key + " must be an array of objects, got " + v.kind());
        }
        List<Value.Obj> out = new ArrayList<>();
        for (Value item : arr.items()) {
            if (!(item instanceof Value.Obj o)) {
                throw new IllegalArgumentException("matrix " + key + " entries must be objects, got " + item.kind());
            }
            out.add(o);
        }
        return out;
    }

    private static List<Map<String, Value>> product(Map<String, List<Value>> vectors) {
        List<Map<String, Value>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Value>> vec : vectors.entrySet()) {
            List<Map<String, Value>> next =
                    new ArrayList<>(out.size() * vec.getValue().size());
            for (Map<String, Value> partial : out) {
                for (Value v : vec.getValue()) {
                    Map<String, Value> c = new LinkedHashMap<>(partial);
                    c.put(vec.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    /** GitHub's exclude match: each of the entry's values, partially and loosely ({@link Values#matchesFilter}). */
    private static boolean subsetOf(Map<String, Value> entry, Map<String, Value> combo) {
        return Values.matchesFilter(new Value.Obj(entry), new Value.Obj(combo));
    }

    /**
     * An include entry fits a combination when it changes none of the combination's original vector values, compared
     * as an exclude compares them.
     */
    private static boolean fits(Map<String, Value> entry, Map<String, Value> combo, Map<String, List<Value>> vectors) {
        for (Map.Entry<String, Value> e : entry.entrySet()) {
            if (vectors.containsKey(e.getKey()) && !Values.matchesFilter(e.getValue(), combo.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
