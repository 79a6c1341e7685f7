package dev.slipway.workflow;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Composes YAML text into a node tree with positions, and reports syntax errors and duplicate keys. */
final class Yaml {
    private Yaml() {}

    /** The document's root node, or empty after reporting why there is none. */
    static Optional<Node> compose(Ctx ctx, String what) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(ctx.path)
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(ctx.source.text());
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (e.getContext() != null && !e.getContext().isBlank()) {
                problem = e.getContext().strip() + ": " + problem.strip();
            }
            ctx.error(mark.map(ctx::span).orElse(ctx.documentStart()), "invalid YAML: " + problem);
            return Optional.empty();
        } catch (YamlEngineException e) {
            ctx.error(ctx.documentStart(), "invalid YAML: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A fault of the YAML library itself (SnakeYAML Engine 2.x read past its window when an emoji straddled its
            // end): the file is named and nothing else is refused, where an internal error would end the whole command.
            ctx.error(
                    ctx.documentStart(),
                    "the YAML reader failed on this file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); this is a fault of Slipway's, please report it with the file");
            return Optional.empty();
        }
        if (root.isEmpty() || Nodes.isNull(root.get())) {
            ctx.error(ctx.documentStart(), what + " is empty");
            return Optional.empty();
        }
        if (!(root.get() instanceof MappingNode)) {
            ctx.error(root.get(), what + " must be a mapping, got " + Nodes.kind(root.get()));
            return Optional.empty();
        }
        checkKeys(ctx, root.get(), new java.util.IdentityHashMap<>());
        return root;
    }

    /** Reports duplicate and non-scalar keys in every mapping; aliases are visited once. */
    private static void checkKeys(Ctx ctx, Node node, Map<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof MappingNode m) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) {
                    ctx.error(t.getKeyNode(), "mapping keys must be strings, got " + Nodes.kind(t.getKeyNode()));
                } else {
                    String key = Nodes.key(t);
                    Node first = keys.putIfAbsent(key, t.getKeyNode());
                    if (first != null) {
                        ctx.error(
                                t.getKeyNode(),
                                "duplicate key '" + key + "' (first defined at line "
                                        + ctx.span(first).line() + ")");
                    }
                }
                checkKeys(ctx, t.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(n -> checkKeys(ctx, n, seen));
        }
    }
}
