package dev.slipway.run;

import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.plan.Matrix;
import dev.slipway.workflow.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job instances a run of a workflow would start, as far as they are known before it runs: each combination of a
 * matrix given in the file (or from {@code github}, {@code inputs} and {@code vars}), named as the run names them; a
 * matrix made from another job's outputs is known only when that job ran.
 */
public final class JobPreview {
    private JobPreview() {}

    /**
     * One instance: its key ({@code test (18, linux)}), its display name, and whether its matrix was known.
     *
     * @param known false for a job whose matrix (or name) the run works out later; {@code name} is then as written
     */
    public record Row(String key, String name, boolean known) {}

    /**
     * The keys of {@code job}'s matrix as the file (with {@code contexts}) gives it: none for a job without one, empty
     * when the run works the matrix out from other jobs' outputs.
     */
    public static Optional<Set<String>> matrixKeys(Job job, Map<String, Value> contexts) {
        if (job.strategy().isEmpty()) {
            return Optional.of(Set.of());
        }
        Map<String, Value> base = new LinkedHashMap<>(contexts);
        base.putIfAbsent("needs", Matrices.EMPTY);
        try {
            Matrix.Expansion expansion =
                    Matrix.expand(Contexts.render(job.strategy().get().matrix(), Contexts.of(base, JobStatus.SUCCESS)));
            if (!expansion.ok()) {
                return Optional.empty();
            }
            Set<String> keys = new java.util.TreeSet<>();
            expansion.combinations().forEach(c -> keys.addAll(c.fields().keySet()));
            return Optional.of(keys);
        } catch (ExprException e) {
            return Optional.empty();
        }
    }

    /** The instances of {@code job}, with {@code contexts} ({@code github}, {@code inputs}, {@code vars}). */
    public static List<Row> of(Job job, Map<String, Value> contexts, Map<String, Set<String>> matrixFilter) {
        Map<String, Value> base = new LinkedHashMap<>(contexts);
        base.putIfAbsent("needs", Matrices.EMPTY);
        List<Value.Obj> combos = List.of(Matrices.EMPTY);
        if (job.strategy().isPresent()) {
            Matrix.Expansion expansion;
            try {
                expansion = Matrix.expand(
                        Contexts.render(job.strategy().get().matrix(), Contexts.of(base, JobStatus.SUCCESS)));
            } catch (ExprException e) {
                return List.of(new Row(job.id(), job.name().orElse(job.id()), false));
            }
            if (!expansion.ok()) {
                return List.of(new Row(job.id(), job.name().orElse(job.id()), false));
            }
            combos = new ArrayList<>();
            for (Value.Obj c : expansion.combinations()) {
                if (Matrices.matches(c, matrixFilter)) {
                    combos.add(c);
                }
            }
            if (combos.isEmpty() && !expansion.combinations().isEmpty()) {
                return List.of(new Row(job.id(), "(left out: no combination matches --matrix)", true));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Value.Obj combo : combos) {
            String key = job.id() + Matrices.suffix(combo);
            if (job.name().isEmpty()) {
                rows.add(new Row(key, key, true));
                continue;
            }
            Map<String, Value> c = new LinkedHashMap<>(base);
            c.put("matrix", combo);
            rows.add(Matrices.renderedName(job, c)
                    .map(n -> new Row(key, n, true))
                    .orElse(new Row(key, job.name().get(), false)));
        }
        return rows;
    }
}
