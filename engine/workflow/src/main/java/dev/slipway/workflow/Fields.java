package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Typed access to the entries of one YAML mapping; every type mistake becomes a diagnostic. */
final class Fields {
    private final Ctx ctx;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Fields(Ctx ctx, MappingNode node) {
        this.ctx = ctx;
        this.node = node;
        for (NodeTuple t : node.getValue()) {
            entries.putIfAbsent(Nodes.key(t), t);
        }
    }

    /** The mapping {@code node}, or a diagnostic "'what' must be a mapping". */
    static Optional<Fields> of(Ctx ctx, Node node, String what) {
        if (node instanceof MappingNode m) {
            return Optional.of(new Fields(ctx, m));
        }
        ctx.error(node, "'" + what + "' must be a mapping, got " + Nodes.kind(node));
        return Optional.empty();
    }

    /** A mapping that may also be written as null (e.g. {@code push:} with nothing under it). */
    static Optional<Fields> orEmpty(Ctx ctx, Node node, String what) {
        return Nodes.isNull(node) ? Optional.empty() : of(ctx, node, what);
    }

    MappingNode node() {
        return node;
    }

    Ctx ctx() {
        return ctx;
    }

    SourceSpan span() {
        return ctx.span(node);
    }

    /** Reports every key not in {@code allowed}, with a suggestion when one is close. */
    Fields allow(String where, Set<String> allowed) {
        for (NodeTuple t : node.getValue()) {
            String key = Nodes.key(t);
            if (!allowed.contains(key)) {
                ctx.error(t.getKeyNode(), "unknown key '" + key + "' in " + where + Suggest.hint(key, allowed));
            }
        }
        return this;
    }

    /**
     * For a mapping whose other keys GitHub ignores (an action file's top level, an action's input): a warning for a
     * key that looks like a misspelt {@code known} one, which is ignored rather than doing what was meant.
     */
    Fields ignoreOthers(String where, Set<String> known) {
        for (NodeTuple t : node.getValue()) {
            String key = Nodes.key(t);
            String hint = known.contains(key) ? "" : Suggest.hint(key, known);
            if (!hint.isEmpty()) {
                ctx.warning(
                        t.getKeyNode(),
                        "unknown key '" + key + "' in " + where + " is ignored, as GitHub ignores it" + hint);
            }
        }
        return this;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    List<NodeTuple> tuples() {
        return new ArrayList<>(entries.values());
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> node(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** The position of the value of {@code key}, for the model's {@code spans}. */
    Map<String, SourceSpan> spans() {
        Map<String, SourceSpan> spans = new LinkedHashMap<>();
        entries.forEach((k, t) -> spans.put(k, ctx.span(t.getValueNode())));
        return spans;
    }

    /** A string field; numbers and booleans are converted as GitHub does; null counts as absent. */
    Optional<String> string(String key) {
        return node(key).flatMap(n -> string(n, key));
    }

    Optional<String> string(Node n, String what) {
        if (n instanceof ScalarNode s) {
            return Nodes.isNull(s) ? Optional.empty() : Optional.of(Nodes.text(s));
        }
        ctx.error(n, "'" + what + "' must be a string, got " + Nodes.kind(n));
        return Optional.empty();
    }

    /** A field that must be a boolean or a string holding an expression. */
    Value boolOrExpr(String key, Value absent) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return absent;
        }
        if (Nodes.isBool(n.get()) || Nodes.hasExpression(n.get())) {
            return Nodes.value(n.get());
        }
        ctx.error(n.get(), "'" + key + "' must be a boolean or an expression, got " + Nodes.kind(n.get()));
        return absent;
    }

    /** A field that must be a number or a string holding an expression; {@link Value#NULL} when absent. */
    Value numberOrExpr(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Value.NULL;
        }
        if (Nodes.isNumber(n.get()) || Nodes.hasExpression(n.get())) {
            return Nodes.value(n.get());
        }
        ctx.error(n.get(), "'" + key + "' must be a number or an expression, got " + Nodes.kind(n.get()));
        return Value.NULL;
    }

    Optional<Boolean> bool(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (Nodes.isBool(n.get())) {
            return Optional.of(Nodes.value(n.get()).equals(Value.TRUE));
        }
        ctx.error(n.get(), "'" + key + "' must be a boolean, got " + Nodes.kind(n.get()));
        return Optional.empty();
    }

    /** A string or a sequence of strings; empty when absent. */
    Optional<List<String>> stringList(String key) {
        return node(key).map(n -> stringList(n, key));
    }

    List<String> stringList(Node n, String what) {
        return strings(ctx, n, what);
    }

    /** A string or a sequence of strings, as a list. */
    static List<String> strings(Ctx ctx, Node n, String what) {
        if (n instanceof MappingNode) {
            ctx.error(n, "'" + what + "' must be a string or a sequence of strings, got a mapping");
            return List.of();
        }
        if (Nodes.isNull(n)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : Nodes.items(n)) {
            if (item instanceof ScalarNode s && !Nodes.isNull(s)) {
                out.add(Nodes.text(s));
            } else {
                ctx.error(item, "items of '" + what + "' must be strings, got " + Nodes.kind(item));
            }
        }
        return out;
    }

    /** A mapping of names to strings such as {@code env:}; empty when absent. */
    Map<String, String> stringMap(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty() || Nodes.isNull(n.get())) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        of(ctx, n.get(), key).ifPresent(f -> {
            for (NodeTuple t : f.tuples()) {
                String name = Nodes.key(t);
                f.string(t.getValueNode(), key + "." + name).ifPresentOrElse(v -> out.put(name, v), () -> {
                    if (Nodes.isNull(t.getValueNode())) {
                        out.put(name, "");
                    }
                });
            }
        });
        return out;
    }

    /**
     * Like {@link #stringMap}, but {@code key} may also be one expression that evaluates to the mapping when the job
     * runs ({@link WholeMapping}).
     */
    Map<String, String> stringMapOrExpression(String key) {
        Optional<Node> n = node(key);
        if (n.isPresent() && n.get() instanceof ScalarNode s && !Nodes.isNull(s)) {
            String text = Nodes.text(s);
            if (WholeMapping.isExpression(text)) {
                return Map.of(WholeMapping.KEY, text.strip());
            }
        }
        return stringMap(key);
    }

    /** A mapping of names to values of any shape (reusable workflow {@code with:}). */
    Map<String, Value> valueMap(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty() || Nodes.isNull(n.get())) {
            return Map.of();
        }
        Map<String, Value> out = new LinkedHashMap<>();
        of(ctx, n.get(), key)
                .ifPresent(f -> f.tuples().forEach(t -> out.put(Nodes.key(t), Nodes.value(t.getValueNode()))));
        return out;
    }

    /** Reports a sequence given where a mapping was expected, etc., and returns whether {@code n} is a sequence. */
    boolean isSequence(Node n, String what) {
        if (n instanceof SequenceNode) {
            return true;
        }
        ctx.error(n, "'" + what + "' must be a sequence, got " + Nodes.kind(n));
        return false;
    }
}
