package dev.slipway.expr;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The immutable field map behind {@link Value.Obj}: insertion order as given, plus an index by lower-case key so that
 * case-insensitive lookup stays O(1) on large objects such as event payloads.
 */
final class FieldMap extends AbstractMap<String, Value> {
    private final Map<String, Value> fields;
    private final Map<String, Value> byLowerKey;

    private FieldMap(Map<String, Value> source) {
        LinkedHashMap<String, Value> copy = new LinkedHashMap<>(source);
        HashMap<String, Value> lower = HashMap.newHashMap(copy.size());
        for (Map.Entry<String, Value> e : copy.entrySet()) {
            lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        this.fields = Collections.unmodifiableMap(copy);
        this.byLowerKey = lower;
    }

    static Map<String, Value> copyOf(Map<String, Value> source) {
        return source instanceof FieldMap fm ? fm : new FieldMap(source);
    }

    /** The value for {@code key}: an exact match first, else the first key equal ignoring case. */
    @Nullable
    Value lookup(String key) {
        Value exact = fields.get(key);
        return exact != null ? exact : byLowerKey.get(key.toLowerCase(Locale.ROOT));
    }

    @Override
    public @Nullable Value get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public Set<Entry<String, Value>> entrySet() {
        return fields.entrySet();
    }
}
