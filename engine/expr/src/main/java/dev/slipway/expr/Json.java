package dev.slipway.expr;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON reading (Jackson) and GitHub-style pretty writing. */
final class Json {
    private Json() {}

    /** Holds the mapper so that writing JSON (on every job start) does not initialise Jackson. */
    private static final class Reader {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static Value read(String json) throws ExprException {
        JsonNode node;
        try {
            node = Reader.MAPPER.readTree(json);
        } catch (JacksonException e) {
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1
                    ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ExprException("invalid JSON: " + e.getOriginalMessage() + where, 0);
        }
        if (node == null || node.isMissingNode()) {
            throw new ExprException("invalid JSON: empty input", 0);
        }
        return convert(node);
    }

    private static Value convert(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL, MISSING, POJO, BINARY -> Value.NULL;
            case BOOLEAN -> Value.of(node.booleanValue());
            case NUMBER -> new Value.Num(node.doubleValue());
            case STRING -> new Value.Str(node.textValue());
            case ARRAY -> {
                List<Value> items = new ArrayList<>(node.size());
                node.forEach(item -> items.add(convert(item)));
                yield new Value.Arr(items);
            }
            case OBJECT -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                node.properties().forEach(e -> fields.put(e.getKey(), convert(e.getValue())));
                yield new Value.Obj(fields);
            }
        };
    }

    /** Pretty JSON as GitHub's {@code toJSON()} writes it: two-space indentation. */
    static String write(Value v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, 0, true);
        return sb.toString();
    }

    /** JSON on one line, without spaces: for messages and renderings. */
    static String writeCompact(Value v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, 0, false);
        return sb.toString();
    }

    private static void write(Value v, StringBuilder sb, int depth, boolean pretty) {
        switch (v) {
            case Value.Null n -> sb.append("null");
            case Value.Bool b -> sb.append(b.value());
            case Value.Num n -> {
                double d = n.value();
                sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : Values.formatNumber(d));
            }
            case Value.Str s -> quote(s.value(), sb);
            case Value.Arr a -> {
                if (a.items().isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                boolean first = true;
                for (Value item : a.items()) {
                    separate(sb, first, depth + 1, pretty);
                    first = false;
                    write(item, sb, depth + 1, pretty);
                }
                close(sb, ']', depth, pretty);
            }
            case Value.Obj o -> {
                if (o.fields().isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    separate(sb, first, depth + 1, pretty);
                    first = false;
                    quote(e.getKey(), sb);
                    sb.append(pretty ? ": " : ":");
                    write(e.getValue(), sb, depth + 1, pretty);
                }
                close(sb, '}', depth, pretty);
            }
        }
    }

    private static void separate(StringBuilder sb, boolean first, int depth, boolean pretty) {
        if (!first) {
            sb.append(',');
        }
        if (pretty) {
            sb.append('\n');
            indent(sb, depth);
        }
    }

    private static void close(StringBuilder sb, char bracket, int depth, boolean pretty) {
        if (pretty) {
            sb.append('\n');
            indent(sb, depth);
        }
        sb.append(bracket);
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
