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
     * values given for it (compared as strings); keys the filter does not name, and filter keys the combination does
     * not have, constrain nothing (act's rule: {@code --matrix java:17} leaves a job whose matrix has no {@code java}
     * alone).
     */
    static boolean matches(Value.Obj combo, Map<String, Set<String>> filter) {
        for (Map.Entry<String, Set<String>> e : filter.entrySet()) {
            var v = combo.get(e.getKey());
            if (v.isPresent() && !e.getValue().contains(Values.toStr(v.get()))) {
                return false;
            }
        }
        return true;
    }
}
