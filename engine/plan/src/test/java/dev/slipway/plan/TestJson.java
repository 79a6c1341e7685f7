package dev.slipway.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.expr.Value;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text to {@link Value} for tests. */
final class TestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {}

    static Value parse(String json) {
        try {
            return of(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Value of(JsonNode n) {
        if (n.isObject()) {
            Map<String, Value> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), of(e.getValue())));
            return new Value.Obj(m);
        }
        if (n.isArray()) {
            List<Value> items = new ArrayList<>();
            n.forEach(x -> items.add(of(x)));
            return new Value.Arr(items);
        }
        if (n.isBoolean()) {
            return Value.of(n.booleanValue());
        }
        if (n.isNumber()) {
            return Value.of(n.doubleValue());
        }
        if (n.isNull()) {
            return Value.NULL;
        }
        return Value.of(n.asText());
    }
}
