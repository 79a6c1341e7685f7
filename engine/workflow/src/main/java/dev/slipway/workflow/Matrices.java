package dev.slipway.workflow;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Checks {@code strategy.matrix} and counts the combinations of a literal matrix, as GitHub expands it. */
final class Matrices {
    static final int MAX_COMBINATIONS = 256;
    private static final long ENUMERATION_LIMIT = 1_000_000;

    private Matrices() {}

    /** The matrix as a value; reports shape errors and, for a literal matrix, too many combinations. */
    static Value check(Ctx ctx, Node key, Node matrix) {
        if (Nodes.hasExpression(matrix)) {
            return Nodes.value(matrix);
        }
        if (!(matrix instanceof MappingNode m)) {
            ctx.error(matrix, "'matrix' must be a mapping or an expression, got " + Nodes.kind(matrix));
            return Value.NULL;
        }
        boolean literal = true;
        boolean ok = true;
        Map<String, List<Value>> dims = new LinkedHashMap<>();
        List<Map<String, Value>> include = new ArrayList<>();
        List<Map<String, Value>> exclude = new ArrayList<>();
        List<MappingNode> excludeNodes = new ArrayList<>();
        // matrix keys are case-insensitive on GitHub, as the matrix context's are (astro's CI excludes 'os' of 'OS')
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (NodeTuple t : m.getValue()) {
            String name = Nodes.key(t);
            Node v = t.getValueNode();
            if (!name.equals("include") && !name.equals("exclude")) {
                names.add(name);
            }
            if (Nodes.hasExpression(v)) {
                literal = false;
            } else if (!(v instanceof SequenceNode seq)) {
                String what = name.equals("include") || name.equals("exclude")
                        ? "'" + name + "'"
                        : "matrix dimension '" + name + "'";
                ctx.error(v, what + " must be a sequence, got " + Nodes.kind(v));
                ok = false;
            } else if (name.equals("include") || name.equals("exclude")) {
                for (Node item : seq.getValue()) {
                    if (Nodes.value(item) instanceof Value.Obj o) {
                        (name.equals("include") ? include : exclude).add(o.fields());
                        if (name.equals("exclude") && item instanceof MappingNode mapping) {
                            excludeNodes.add(mapping);
                        }
                    } else if (Nodes.hasExpression(item)) {
                        literal = false;
                    } else {
                        ctx.error(item, "items of '" + name + "' must be mappings, got " + Nodes.kind(item));
                        ok = false;
                    }
                }
            } else if (seq.getValue().isEmpty()) {
                ctx.error(v, "matrix dimension '" + name + "' is empty");
                ok = false;
            } else {
                dims.put(name, ((Value.Arr) Nodes.value(seq)).items());
            }
        }
        if (ok
                && literal
                && dims.isEmpty()
                && include.isEmpty()
                && !m.getValue().isEmpty()) {
            ctx.error(key, "'matrix' defines no dimension and no 'include'");
        }
        // as GitHub refuses the file: an exclude filters on the matrix's own keys only
        for (MappingNode item : excludeNodes) {
            for (NodeTuple t : item.getValue()) {
                String name = Nodes.key(t);
                if (!names.contains(name) && !Nodes.hasExpression(t.getKeyNode())) {
                    ctx.error(t.getKeyNode(), "matrix exclude key '" + name + "' does not match any key of the matrix");
                    ok = false;
                }
            }
        }
        if (ok && literal) {
            long n = count(dims, include, exclude);
            if (n > MAX_COMBINATIONS) {
                ctx.error(key, "matrix has " + n + " combinations, more than the " + MAX_COMBINATIONS + " allowed");
            }
        }
        return Nodes.value(matrix);
    }

    /** Combinations after exclude and include, following GitHub's documented expansion. */
    static long count(
            Map<String, List<Value>> dims, List<Map<String, Value>> include, List<Map<String, Value>> exclude) {
        long product = 1;
        for (List<Value> values : dims.values()) {
            product = Math.min(Long.MAX_VALUE / 1024, product * values.size());
        }
        if (dims.isEmpty()) {
            return include.size();
        }
        if (product > ENUMERATION_LIMIT) {
            return product; // far above the limit whatever the excludes and includes do
        }
        List<Map<String, Value>> combos = new ArrayList<>();
        expand(new ArrayList<>(dims.entrySet()), 0, new LinkedHashMap<>(), combos);
        combos.removeIf(c -> exclude.stream()
                .anyMatch(e ->
                        e.keySet().stream().allMatch(k -> dims.keySet().stream().anyMatch(k::equalsIgnoreCase))
                                && Values.matchesFilter(new Value.Obj(e), new Value.Obj(c))));
        long extra = include.stream()
                .filter(i -> combos.stream().noneMatch(c -> matches(c, i, dims)))
                .count();
        return combos.size() + extra;
    }

    private static void expand(
            List<Map.Entry<String, List<Value>>> dims,
            int at,
            Map<String, Value> current,
            List<Map<String, Value>> out) {
        if (at == dims.size()) {
            out.add(new LinkedHashMap<>(current));
            return;
        }
        for (Value v : dims.get(at).getValue()) {
            current.put(dims.get(at).getKey(), v);
            expand(dims, at + 1, current, out);
        }
        current.remove(dims.get(at).getKey());
    }

    /** Whether every key of {@code partial} that names a dimension has the combination's value. */
    private static boolean matches(Map<String, Value> combo, Map<String, Value> partial, Map<String, ?> dims) {
        for (Map.Entry<String, Value> e : partial.entrySet()) {
            if (dims.containsKey(e.getKey()) && !Values.matchesFilter(e.getValue(), combo.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
