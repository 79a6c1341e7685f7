package dev.slipway.workflow;

import dev.slipway.expr.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Typing of YAML nodes the way GitHub reads them. */
final class Nodes {
    private Nodes() {}

    /** A kind for messages: "a string", "a number", "a boolean", "null", "a sequence", "a mapping". */
    static String kind(Node node) {
        // if-chains rather than pattern switches: their bootstrap costs startup time on every cold `slipway run`
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a sequence";
        }
        if (!(node instanceof ScalarNode s)) {
            return "an unknown node";
        }
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return "null";
        } else if (tag.equals(Tag.BOOL)) {
            return "a boolean";
        } else if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        return "a string";
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && kind(s).equals("a string");
    }

    static boolean isNumber(Node node) {
        return node instanceof ScalarNode s
                && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
    }

    static boolean isBool(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL);
    }

    /** Whether the node is a string holding {@code ${{}}. */
    static boolean hasExpression(Node node) {
        return isString(node) && ((ScalarNode) node).getValue().contains("${{");
    }

    /** A scalar as GitHub converts it to a string: {@code true} to "true", {@code 1.0} to "1", null to "". */
    static String text(ScalarNode node) {
        Value v = scalar(node);
        if (v instanceof Value.Null) {
            return "";
        } else if (v instanceof Value.Bool b) {
            return String.valueOf(b.value());
        } else if (v instanceof Value.Num n) {
            return number(n.value());
        }
        return node.getValue();
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** The JSON-shaped value of a node. */
    static Value value(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    fields.putIfAbsent(text(k), value(t.getValueNode()));
                }
            }
            return Value.obj(fields);
        } else if (node instanceof SequenceNode s) {
            List<Value> items = new ArrayList<>();
            for (Node n : s.getValue()) {
                items.add(value(n));
            }
            return new Value.Arr(items);
        } else if (node instanceof ScalarNode s) {
            return scalar(s);
        }
        return Value.NULL;
    }

    private static Value scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.NULL)) {
            return Value.NULL;
        } else if (tag.equals(Tag.BOOL)) {
            return Value.of(v.equalsIgnoreCase("true"));
        } else if (tag.equals(Tag.INT)) {
            return Value.of(parseInt(v));
        } else if (tag.equals(Tag.FLOAT)) {
            return Value.of(parseFloat(v));
        }
        return Value.of(v);
    }

    private static double parseInt(String v) {
        String t = v.replace("_", "");
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double parseFloat(String v) {
        String t = v.toLowerCase(Locale.ROOT);
        if (t.endsWith(".inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else if (t.endsWith(".nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The key of a mapping entry as text. */
    static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? text(k) : "";
    }

    /** The items of a sequence, or the node itself when it is a single scalar. */
    static List<Node> items(Node node) {
        return node instanceof SequenceNode s ? s.getValue() : List.of(node);
    }

    static Optional<ScalarNode> scalar(Node node) {
        return node instanceof ScalarNode s ? Optional.of(s) : Optional.empty();
    }
}
