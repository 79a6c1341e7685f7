package dev.slipway.run;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Matrix helpers: display names of combinations and the {@code --matrix} filter. */
final class Matrices {
    static final Value.Obj EMPTY = new Value.Obj(Map.of());

    private Matrices() {}

    /** GitHub's job name suffix for a combination: {@code (18, ubuntu)}; empty for no matrix. */
    static String suffix(Value.Obj combo) {
        if (combo.fields().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        combo.fields()
                .values()
                .forEach(v -> parts.add(
                        v instanceof Value.Obj || v instanceof Value.Arr
                                ? Values.toJson(v).replaceAll("\\s+", " ")
                                : Values.toStr(v)));
        return " (" + String.join(", ", parts) + ")";
    }

    /**
     * The job's {@code name:} rendered with an instance's contexts ({@code matrix} among them); empty when it has none
     * or it does not render (the instance is then named by its key). A name without an expression gets the
     * combination's values appended, as GitHub names a matrix job {@code Check (17)} when its {@code name: Check} does
     * not say how to tell the combinations apart.
     */
    static java.util.Optional<String> renderedName(dev.slipway.workflow.Job job, Map<String, Value> contexts) {
        if (job.name().isEmpty()) {
            return java.util.Optional.empty();
        }
        String name = job.name().get();
        if (!name.contains("${{")) {
            return java.util.Optional.of(
                    name + (contexts.get("matrix") instanceof Value.Obj combo ? suffix(combo) : ""));
        }
        try {
            return java.util.Optional.of(
                    Contexts.renderString(name, Contexts.of(contexts, dev.slipway.expr.JobStatus.SUCCESS)));
        } catch (dev.slipway.expr.ExprException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Whether {@code combo} passes the {@code --matrix} filter: each of its keys that the filter names has one of the
     * values given for it (compared as strings, an object or array as JSON whatever its spacing); keys the filter does
     * not name, and filter keys the combination does not have, constrain nothing (act's rule: {@code --matrix java:17}
     * leaves a job whose matrix has no {@code java} alone). A dotted key reaches into an object value: {@code
     * config.name:ASAN} for {@code config: {name: ASAN, flags: ...}}.
     */
    static boolean matches(Value.Obj combo, Map<String, Set<String>> filter) {
        for (Map.Entry<String, Set<String>> e : filter.entrySet()) {
            var v = at(combo, e.getKey());
            if (v.isPresent() && e.getValue().stream().noneMatch(given -> sameText(given, v.get()))) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code key} in {@code combo}, or at the dotted path {@code key} names through object values. */
    static java.util.Optional<Value> at(Value.Obj combo, String key) {
        var direct = combo.get(key);
        if (direct.isPresent() || !key.contains(".")) {
            return direct;
        }
        Value here = combo;
        for (String part : key.split("\\.", -1)) {
            if (!(here instanceof Value.Obj o) || o.get(part).isEmpty()) {
                return java.util.Optional.empty();
            }
            here = o.get(part).orElseThrow();
        }
        return java.util.Optional.of(here);
    }

    private static boolean sameText(String given, Value value) {
        if (!(value instanceof Value.Obj || value instanceof Value.Arr)) {
            return given.equals(Values.toStr(value));
        }
        try {
            return Values.toCompactJson(Values.fromJson(given)).equals(Values.toCompactJson(value));
        } catch (dev.slipway.expr.ExprException e) {
            return false; // not JSON: no object or array equals it
        }
    }
}
