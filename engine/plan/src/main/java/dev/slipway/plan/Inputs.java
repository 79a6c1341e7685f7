package dev.slipway.plan;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import dev.slipway.workflow.InputDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks and types the inputs of a {@code workflow_dispatch} (or {@code workflow_call}) against their definitions. As
 * on GitHub, the {@code inputs} context keeps booleans and numbers typed while {@code github.event.inputs} holds
 * strings.
 */
public final class Inputs {
    private Inputs() {}

    /**
     * The typed inputs and the problems found.
     *
     * @param values the {@code inputs} context: booleans, numbers and strings by type, defaults applied
     * @param eventInputs the same values as strings, as in {@code github.event.inputs}
     */
    public record Resolved(Value.Obj values, Value.Obj eventInputs, List<Diagnostic> diagnostics) {
        public Resolved {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /**
     * Resolves {@code given} against {@code defs}; {@code path} names the workflow for diagnostics that have no better
     * position. Reports unknown inputs, missing required inputs, bad booleans and numbers and choices not among the
     * options.
     */
    public static Resolved resolve(Map<String, InputDef> defs, Map<String, String> given, String path) {
        List<Diagnostic> diags = new ArrayList<>();
        Map<String, Value> typed = new LinkedHashMap<>();
        Map<String, Value> strings = new LinkedHashMap<>();
        for (String name : given.keySet().stream().sorted().toList()) {
            if (findDef(defs, name).isEmpty()) {
                diags.add(Diagnostic.error(
                        SourceSpan.ofFile(path), "unexpected input '" + name + "'; defined inputs: " + defs.keySet()));
            }
        }
        for (InputDef def : defs.values()) {
            Optional<String> raw = findGiven(given, def.name());
            if (raw.isEmpty() && def.defaultValue().isPresent()) {
                raw = Json.scalar(def.defaultValue().get());
            }
            if (raw.isEmpty()) {
                if (def.required()) {
                    diags.add(Diagnostic.error(def.span(), "input '" + def.name() + "' is required"));
                }
                // GitHub's documented defaults: false for booleans, 0 for numbers, "" for strings.
                Value empty = empty(def.type());
                typed.put(def.name(), empty);
                strings.put(def.name(), new Value.Str(Json.scalar(empty).orElse("")));
                continue;
            }
            Optional<Value> v = convert(def, raw.get(), diags);
            typed.put(def.name(), v.orElse(empty(def.type())));
            strings.put(def.name(), new Value.Str(raw.get()));
        }
        return new Resolved(new Value.Obj(typed), new Value.Obj(strings), diags);
    }

    private static Optional<Value> convert(InputDef def, String raw, List<Diagnostic> diags) {
        String type = def.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "boolean" -> {
                String s = raw.strip().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Optional.of(Value.of(s.equals("true")));
                }
                diags.add(Diagnostic.error(
                        def.span(), "input '" + def.name() + "' must be true or false, got '" + raw + "'"));
                return Optional.empty();
            }
            case "number" -> {
                try {
                    double d = Double.parseDouble(raw.strip());
                    if (Double.isFinite(d)) {
                        return Optional.of(Value.of(d));
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                diags.add(
                        Diagnostic.error(def.span(), "input '" + def.name() + "' must be a number, got '" + raw + "'"));
                return Optional.empty();
            }
            case "choice" -> {
                if (!def.options().contains(raw)) {
                    diags.add(Diagnostic.error(
                            def.span(),
                            "input '" + def.name() + "' must be one of " + def.options() + ", got '" + raw + "'"));
                    return Optional.empty();
                }
                return Optional.of(Value.of(raw));
            }
            default -> {
                return Optional.of(Value.of(raw));
            }
        }
    }

    private static Value empty(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "boolean" -> Value.FALSE;
            case "number" -> Value.of(0);
            default -> new Value.Str("");
        };
    }

    private static Optional<InputDef> findDef(Map<String, InputDef> defs, String name) {
        return defs.values().stream()
                .filter(d -> d.name().equalsIgnoreCase(name))
                .findFirst();
    }

    private static Optional<String> findGiven(Map<String, String> given, String name) {
        return given.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
