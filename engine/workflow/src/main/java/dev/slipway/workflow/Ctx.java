package dev.slipway.workflow;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The state of parsing one file: its text, the diagnostics found so far and the nodes that hold conditions. */
final class Ctx {
    final String path;
    final Source source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<Node> conditions = Collections.newSetFromMap(new IdentityHashMap<>());
    private final java.util.Map<Node, Restriction> restrictions = new IdentityHashMap<>();

    /**
     * The contexts the values of a key may read, as GitHub's workflow schema allows them there.
     *
     * @param where the key, as messages name it ({@code 'runs-on'}, {@code this 'if'})
     */
    record Restriction(String where, Set<String> contexts) {}

    private final Map<Node, Optional<int[]>> positions = new IdentityHashMap<>();

    Ctx(String path, String text) {
        this.path = path;
        this.source = new Source(text);
    }

    SourceSpan span(Node node) {
        return node.getStartMark().map(this::span).orElse(SourceSpan.ofFile(path));
    }

    SourceSpan span(Mark mark) {
        return new SourceSpan(path, mark.getLine() + 1, mark.getColumn() + 1);
    }

    SourceSpan documentStart() {
        return new SourceSpan(path, 1, 1);
    }

    /** The position of character {@code offset} of a scalar's value. */
    SourceSpan spanAt(ScalarNode node, int offset) {
        Optional<int[]> map = positions.computeIfAbsent(node, n -> ScalarPositions.of(source, node));
        if (map.isEmpty()) {
            return span(node);
        }
        int[] p = map.get();
        int index = p[Math.max(0, Math.min(offset, p.length - 1))];
        return new SourceSpan(path, source.line(index) + 1, source.column(index) + 1);
    }

    void error(Node node, String message) {
        diagnostics.add(Diagnostic.error(span(node), message));
    }

    void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }

    void warning(Node node, String message) {
        diagnostics.add(Diagnostic.warning(span(node), message));
    }

    /** Marks a scalar as a condition ({@code if:}), checked as such instead of as a template. */
    void condition(Node node) {
        conditions.add(node);
    }

    /**
     * Marks a scalar as a condition that may read only {@code contexts} (a job's {@code if}, a step's), as GitHub's
     * workflow schema allows them there.
     */
    void condition(Node node, java.util.Set<String> contexts) {
        conditions.add(node);
        restrictions.put(node, new Restriction("this 'if'", contexts));
    }

    /**
     * Lets every string under {@code node} read only {@code contexts}, as GitHub's workflow schema allows them at the
     * key {@code where} ({@code runs-on}, a job's {@code env}); a string restricted already keeps its own.
     */
    void restrict(Node node, String where, java.util.Set<String> contexts) {
        Restriction restriction = new Restriction("'" + where + "'", contexts);
        java.util.Deque<Node> todo = new java.util.ArrayDeque<>(List.of(node));
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            switch (n) {
                case org.snakeyaml.engine.v2.nodes.MappingNode m ->
                    m.getValue().forEach(t -> todo.push(t.getValueNode()));
                case org.snakeyaml.engine.v2.nodes.SequenceNode s ->
                    s.getValue().forEach(todo::push);
                default -> restrictions.putIfAbsent(n, restriction);
            }
        }
    }

    /** What a string may read, when its key restricts it. */
    java.util.Optional<Restriction> restrictionOf(Node node) {
        return java.util.Optional.ofNullable(restrictions.get(node));
    }

    boolean isCondition(Node node) {
        return conditions.contains(node);
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The diagnostics sorted by position, without exact duplicates. */
    List<Diagnostic> diagnostics() {
        return diagnostics.stream().distinct().sorted(Diagnostic.BY_POSITION).toList();
    }
}
