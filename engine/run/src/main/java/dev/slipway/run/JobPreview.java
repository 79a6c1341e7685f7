package dev.slipway.run;

import dev.slipway.expr.Conditions;
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
        return combinations(job, contexts).map(combos -> {
            Set<String> keys = new java.util.TreeSet<>();
            combos.forEach(c -> keys.addAll(c.fields().keySet()));
            return keys;
        });
    }

    /**
     * Why {@code job} will not run, when that is known before the run: its {@code if} reads only {@code github},
     * {@code inputs} and {@code vars} (with {@code contexts}) and is false, or a job it needs is left out ({@code
     * leftOut}) and its {@code if} calls no status function; empty when it runs or only the run can tell.
     */
    public static Optional<String> leftOut(Job job, Map<String, Value> contexts, Set<String> leftOut) {
        boolean needLeftOut = job.needs().stream().anyMatch(leftOut::contains);
        if (job.condition().isEmpty()) {
            return needLeftOut ? Optional.of("a job it needs is left out") : Optional.empty();
        }
        try {
            dev.slipway.expr.Expr cond = Conditions.parse(job.condition().get());
            if (dev.slipway.expr.Expressions.usesStatusFunction(cond)) {
                return Optional.empty(); // always(), failure(): the run decides
            }
            if (needLeftOut) {
                return Optional.of("a job it needs is left out");
            }
            if (dev.slipway.expr.Expressions.contextsUsed(cond).contains("needs")) {
                return Optional.empty();
            }
            return Conditions.evaluate(cond, Contexts.of(withNeeds(contexts), JobStatus.SUCCESS))
                    ? Optional.empty()
                    : Optional.of("its if: condition is false");
        } catch (ExprException | RuntimeException e) {
            return Optional.empty(); // the run reports it
        }
    }

    /** The instances of {@code job}, with {@code contexts} ({@code github}, {@code inputs}, {@code vars}). */
    public static List<Row> of(Job job, Map<String, Value> contexts, Map<String, Set<String>> matrixFilter) {
        List<Value.Obj> combos = List.of(Matrices.EMPTY);
        if (job.strategy().isPresent()) {
            Optional<List<Value.Obj>> all = combinations(job, contexts);
            if (all.isEmpty()) {
                return List.of(new Row(job.id(), job.name().orElse(job.id()), false));
            }
            combos = new ArrayList<>();
            for (Value.Obj c : all.get()) {
                if (Matrices.matches(c, matrixFilter)) {
                    combos.add(c);
                }
            }
            if (combos.isEmpty() && !all.get().isEmpty()) {
                return List.of(new Row(job.id(), "(left out: no combination matches --matrix)", true));
            }
        }
        Map<String, Value> base = withNeeds(contexts);
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

    /**
     * The combinations of {@code job}'s matrix as the file (with {@code contexts}) gives them; empty when they are
     * known only once other jobs ran (the matrix reads their outputs) or the matrix does not expand.
     */
    private static Optional<List<Value.Obj>> combinations(Job job, Map<String, Value> contexts) {
        try {
            Matrix.Expansion expansion = Matrix.expand(Contexts.render(
                    job.strategy().orElseThrow().matrix(), Contexts.of(withNeeds(contexts), JobStatus.SUCCESS)));
            return expansion.ok() ? Optional.of(expansion.combinations()) : Optional.empty();
        } catch (ExprException e) {
            return Optional.empty();
        }
    }

    /** {@code contexts} with an empty {@code needs}, as a matrix or name that reads no output renders before the run. */
    private static Map<String, Value> withNeeds(Map<String, Value> contexts) {
        Map<String, Value> base = new LinkedHashMap<>(contexts);
        base.putIfAbsent("needs", Matrices.EMPTY);
        return base;
    }
}
