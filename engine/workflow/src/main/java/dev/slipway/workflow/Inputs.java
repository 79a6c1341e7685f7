package dev.slipway.workflow;

import dev.slipway.expr.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads {@code inputs}, {@code outputs} and {@code secrets} of {@code workflow_dispatch} and {@code workflow_call}. */
final class Inputs {
    private static final Set<String> DISPATCH_KEYS = Set.of("description", "required", "default", "type", "options");
    private static final Set<String> CALL_KEYS = Set.of("description", "required", "default", "type");
    private static final List<String> DISPATCH_TYPES = List.of("string", "boolean", "number", "choice", "environment");
    private static final List<String> CALL_TYPES = List.of("string", "boolean", "number");

    private Inputs() {}

    /** What a trigger declares. */
    record Declared(Map<String, InputDef> inputs, Map<String, OutputDef> outputs, Map<String, SecretDef> secrets) {
        static final Declared NONE = new Declared(Map.of(), Map.of(), Map.of());
    }

    static Declared parse(Fields trigger, boolean call) {
        Ctx ctx = trigger.ctx();
        Map<String, InputDef> inputs = new LinkedHashMap<>();
        entries(trigger, "inputs").forEach(t -> input(ctx, t, call).ifPresent(i -> inputs.put(i.name(), i)));
        Map<String, OutputDef> outputs = new LinkedHashMap<>();
        Map<String, SecretDef> secrets = new LinkedHashMap<>();
        if (call) {
            for (NodeTuple t : entries(trigger, "outputs")) {
                String name = Nodes.key(t);
                Fields.of(ctx, t.getValueNode(), "outputs." + name).ifPresent(f -> {
                    f.allow("output '" + name + "'", Set.of("description", "value"));
                    Optional<String> value = f.string("value");
                    if (value.isEmpty()) {
                        ctx.error(t.getKeyNode(), "output '" + name + "' has no 'value'");
                    }
                    outputs.put(name, new OutputDef(name, value.orElse(""), f.string("description")));
                });
            }
            for (NodeTuple t : entries(trigger, "secrets")) {
                String name = Nodes.key(t);
                if (Nodes.isNull(t.getValueNode())) {
                    secrets.put(name, new SecretDef(name, false, Optional.empty()));
                    continue;
                }
                Fields.of(ctx, t.getValueNode(), "secrets." + name).ifPresent(f -> {
                    f.allow("secret '" + name + "'", Set.of("description", "required"));
                    secrets.put(name, new SecretDef(name, f.bool("required").orElse(false), f.string("description")));
                });
            }
        }
        return new Declared(inputs, outputs, secrets);
    }

    private static List<NodeTuple> entries(Fields f, String key) {
        return f.node(key)
                .flatMap(n -> Fields.orEmpty(f.ctx(), n, key))
                .map(Fields::tuples)
                .orElse(List.of());
    }

    private static Optional<InputDef> input(Ctx ctx, NodeTuple t, boolean call) {
        String name = Nodes.key(t);
        if (Nodes.isNull(t.getValueNode()) && !call) {
            return Optional.of(new InputDef(
                    name, Optional.empty(), false, Optional.empty(), "string", List.of(), ctx.span(t.getKeyNode())));
        }
        return Fields.of(ctx, t.getValueNode(), "inputs." + name).map(f -> {
            f.allow("input '" + name + "'", call ? CALL_KEYS : DISPATCH_KEYS);
            Optional<String> written = f.string("type");
            List<String> types = call ? CALL_TYPES : DISPATCH_TYPES;
            String type = written.orElse("string");
            if (written.isEmpty() && call) {
                ctx.error(t.getKeyNode(), "input '" + name + "' of 'workflow_call' needs a 'type'");
            } else if (!types.contains(type)) {
                ctx.error(
                        f.node("type").orElseThrow(),
                        "unknown input type '" + type + "', expected one of " + String.join(", ", types)
                                + Suggest.hint(type, types));
            }
            List<String> options = f.stringList("options").orElse(List.of());
            if (type.equals("choice") && types.contains(type) && options.isEmpty()) {
                ctx.error(
                        f.node("options").orElse(t.getKeyNode()),
                        "input '" + name + "' of type 'choice' needs a non-empty 'options' list");
            }
            Optional<Value> dflt = f.node("default")
                    .filter(n -> !Nodes.isNull(n))
                    .map(n -> {
                        checkDefault(ctx, name, type, options, n);
                        return Nodes.value(n);
                    });
            return new InputDef(
                    name,
                    f.string("description"),
                    f.bool("required").orElse(false),
                    dflt,
                    type,
                    options,
                    ctx.span(t.getKeyNode()));
        });
    }

    private static void checkDefault(Ctx ctx, String name, String type, List<String> options, Node n) {
        if (Nodes.hasExpression(n)) {
            return;
        }
        boolean fits = switch (type) {
            case "boolean" -> Nodes.isBool(n);
            case "number" -> Nodes.isNumber(n);
            case "choice" ->
                options.isEmpty()
                        || n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s && options.contains(Nodes.text(s));
            default -> n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode;
        };
        if (!fits) {
            String expected = type.equals("choice") ? "one of the options " + options : "a " + type;
            ctx.error(
                    n,
                    "default of input '" + name + "' must be " + expected + ", got "
                            + (n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s
                                    ? Nodes.kind(n) + " '" + Nodes.text(s) + "'"
                                    : Nodes.kind(n)));
        }
    }
}
