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
 * case-insensitive lookup stays O(1) on large objects such as event payloads. The index is made at the first lookup
 * that no key matches exactly: most lookups match exactly, and a job builds several objects (its {@code github}
 * context has some forty fields) that are never looked up in another case; the index was a tenth of what a one-step
 * job allocated.
 */
final class FieldMap extends AbstractMap<String, Value> {
    private final Map<String, Value> fields;
    /** Made once, on demand; a race makes it twice, the same. */
    private volatile @Nullable Map<String, Value> byLowerKey;

    private FieldMap(Map<String, Value> source) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    static Map<String, Value> copyOf(Map<String, Value> source) {
        return source instanceof FieldMap fm ? fm : new FieldMap(source);
    }

    /** The value for {@code key}: an exact match first, else the first key equal ignoring case. */
    @Nullable
    Value lookup(String key) {
        Value exact = fields.get(key);
        return exact != null ? exact : lowerIndex().get(key.toLowerCase(Locale.ROOT));
    }

    private Map<String, Value> lowerIndex() {
        Map<String, Value> index = byLowerKey;
        if (index == null) {
            HashMap<String, Value> lower = HashMap.newHashMap(fields.size());
            for (Map.Entry<String, Value> e : fields.entrySet()) {
                lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
            index = lower;
            byLowerKey = index;
        }
        return index;
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
