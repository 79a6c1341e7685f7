package dev.slipway.run;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * or it does not render (the instance is then named by its key).
     */
    static java.util.Optional<String> renderedName(dev.slipway.workflow.Job job, Map<String, Value> contexts) {
        if (job.name().isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(
                    Contexts.renderString(job.name().get(), Contexts.of(contexts, dev.slipway.expr.JobStatus.SUCCESS)));
        } catch (dev.slipway.expr.ExprException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether {@code combo} has every value of {@code filter} (compared as strings). */
    static boolean matches(Value.Obj combo, Map<String, String> filter) {
        for (Map.Entry<String, String> e : filter.entrySet()) {
            var v = combo.get(e.getKey());
            if (v.isEmpty() || !Values.toStr(v.get()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
