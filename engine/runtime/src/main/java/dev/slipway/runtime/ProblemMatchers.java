package dev.slipway.runtime;

import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The problem matchers of a job ({@code ::add-matcher::FILE}, {@code ::remove-matcher owner=NAME::}), with GitHub's
 * rules: a matcher file holds {@code {"problemMatcher": [{"owner", "severity", "pattern": [...]}]}}; a matcher added
 * later is tried first and replaces one of the same owner (compared without case); the matchers stay for the rest of
 * the job. An output line one of them matches (colour codes taken out) becomes an annotation instead of a plain line.
 * A matcher of several patterns matches consecutive lines, one pattern each; its last pattern may {@code loop}, and
 * then every further line it matches is one more annotation with what the earlier lines captured.
 *
 * <p>Thread-safe: the matchers change from a step's output thread and are read by the next step's.
 */
final class ProblemMatchers {
    private static final Pattern COLOR = Pattern.compile("\u001b\\[[0-9;]*m?");
    private static final List<String> GROUPS =
            List.of("file", "line", "column", "severity", "code", "message", "fromPath");

    private volatile List<Def> defs = List.of();

    /** {@code line} without its colour codes, as the matchers see it. */
    static String stripColours(String line) {
        return line.indexOf('\u001b') >= 0 ? COLOR.matcher(line).replaceAll("") : line;
    }

    /** One matcher as its file defines it. */
    record Def(String owner, String severity, List<Part> parts) {}

    /** One pattern of a matcher: its expression and which group holds which property (absent: not set). */
    record Part(Pattern regexp, Map<String, Integer> groups, boolean loop) {}

    /** What a matcher found: the properties it captured, severity already defaulted. */
    record Found(Map<String, String> values) {
        Optional<String> get(String key) {
            String v = values.get(key);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }

        /** The annotation level, error when no severity was captured or set; empty for a severity GitHub does not know. */
        Optional<Annotation.Level> level() {
            return switch (get("severity").orElse("error").toLowerCase(Locale.ROOT)) {
                case "error" -> Optional.of(Annotation.Level.ERROR);
                case "warning" -> Optional.of(Annotation.Level.WARNING);
                case "notice" -> Optional.of(Annotation.Level.NOTICE);
                default -> Optional.empty();
            };
        }

        /** Whether it makes an annotation: a message that is not blank, and a known severity. */
        boolean isIssue() {
            return get("message").filter(m -> !m.isBlank()).isPresent() && level().isPresent();
        }
    }

    /**
     * Adds the matchers of {@code file}.
     *
     * @throws IllegalArgumentException with a message for the user when the file cannot be read or is not valid
     */
    void add(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the problem matcher file " + file + ": " + e.getMessage());
        }
        List<Def> read;
        try {
            read = parse(Values.fromJson(text));
        } catch (ExprException e) {
            throw new IllegalArgumentException("problem matcher file " + file + " is not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("problem matcher file " + file + ": " + e.getMessage());
        }
        synchronized (this) {
            List<Def> next = new ArrayList<>(read.reversed());
            for (Def d : defs) {
                if (read.stream().noneMatch(r -> r.owner().equalsIgnoreCase(d.owner()))) {
                    next.add(d);
                }
            }
            defs = List.copyOf(next);
        }
    }

    /** Removes the matcher of {@code owner}, if there is one. */
    synchronized void remove(String owner) {
        defs = defs.stream().filter(d -> !d.owner().equalsIgnoreCase(owner)).toList();
    }

    /** The matching state of one process's output. */
    Session session() {
        return new Session();
    }

    /** Matches the lines of one process's output against the job's matchers as they are at each line. */
    final class Session {
        /** Per matcher of several patterns: what its earlier patterns matched on the lines just before. */
        private final Map<Def, Found[]> running = new IdentityHashMap<>(4);

        /** What {@code line} is an annotation of, if a matcher with a message matches it. */
        Optional<Found> match(String line) {
            List<Def> current = defs;
            if (current.isEmpty()) {
                return Optional.empty();
            }
            String plain = stripColours(line);
            for (Def def : current) {
                Optional<Found> found = match(def, plain);
                if (found.isPresent()) {
                    running.keySet().removeIf(d -> d != def); // the other matchers start over
                    if (found.get().isIssue()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<Found> match(Def def, String line) {
            List<Part> parts = def.parts();
            if (parts.size() == 1) {
                Matcher m = parts.get(0).regexp().matcher(line);
                return m.find() ? Optional.of(found(def, m, parts.get(0), null)) : Optional.empty();
            }
            Found[] state = running.computeIfAbsent(def, d -> new Found[parts.size() - 1]);
            // From the last pattern back, so that a line moves at most one pattern further.
            for (int i = parts.size() - 1; i >= 0; i--) {
                Found before = i > 0 ? state[i - 1] : null;
                if (i > 0 && before == null) {
                    continue;
                }
                Part part = parts.get(i);
                Matcher m = part.regexp().matcher(line);
                boolean last = i == parts.size() - 1;
                if (!m.find()) {
                    state[last ? i - 1 : i] = null;
                    continue;
                }
                if (!last) {
                    state[i] = found(null, m, part, before);
                    continue;
                }
                java.util.Arrays.fill(state, null);
                if (part.loop()) {
                    state[i - 1] = before; // the next line may match the last pattern again
                }
                return Optional.of(found(def, m, part, before));
            }
            return Optional.empty();
        }
    }

    /** The properties of a match: those captured on earlier lines first, then this line's groups. */
    private static Found found(Def def, Matcher m, Part part, Found before) {
        Map<String, String> values = new java.util.HashMap<>();
        if (before != null) {
            values.putAll(before.values());
        }
        part.groups().forEach((key, group) -> {
            if (!values.containsKey(key) && group <= m.groupCount() && m.group(group) != null) {
                values.put(key, m.group(group));
            }
        });
        if (def != null
                && (values.get("severity") == null || values.get("severity").isEmpty())) {
            values.put("severity", def.severity());
        }
        return new Found(values);
    }

    /** The matchers of a matcher file, checked as GitHub checks them. */
    static List<Def> parse(Value root) {
        if (!(root instanceof Value.Obj obj)) {
            throw new IllegalArgumentException("expected an object with 'problemMatcher'");
        }
        Value list = obj.fields().get("problemMatcher");
        if (list == null) {
            return List.of();
        }
        if (!(list instanceof Value.Arr arr)) {
            throw new IllegalArgumentException("'problemMatcher' must be an array");
        }
        List<Def> defs = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        for (Value v : arr.items()) {
            Def def = def(v);
            if (!owners.add(def.owner().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate owner name '" + def.owner() + "'");
            }
            defs.add(def);
        }
        return defs;
    }

    private static Def def(Value v) {
        if (!(v instanceof Value.Obj m)) {
            throw new IllegalArgumentException("each matcher must be an object");
        }
        String owner = string(m, "owner");
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("a matcher's 'owner' must not be empty");
        }
        String severity = string(m, "severity");
        if (!Set.of("", "error", "warning", "notice").contains(severity.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "matcher '" + owner + "' has the unknown default severity '" + severity + "'");
        }
        Value patterns = m.fields().get("pattern");
        List<Value> items = patterns instanceof Value.Arr a
                ? a.items()
                : patterns instanceof Value.Obj ? List.of(patterns) : List.of();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("matcher '" + owner + "' has no pattern");
        }
        Set<String> set = new HashSet<>();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parts.add(part(owner, items.get(i), i == 0, i == items.size() - 1, set));
        }
        if (!set.contains("message")) {
            throw new IllegalArgumentException("matcher '" + owner + "': at least one pattern must set 'message'");
        }
        return new Def(owner, severity, List.copyOf(parts));
    }

    private static Part part(String owner, Value v, boolean first, boolean last, Set<String> set) {
        if (!(v instanceof Value.Obj p)) {
            throw new IllegalArgumentException("matcher '" + owner + "': each pattern must be an object");
        }
        Pattern regexp;
        try {
            regexp = Pattern.compile(string(p, "regexp"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "matcher '" + owner + "': 'regexp' is not a valid regular expression: " + e.getDescription());
        }
        boolean loop = p.fields().get("loop") instanceof Value.Bool b && b.value();
        if (loop && (first || !last)) {
            throw new IllegalArgumentException(
                    "matcher '" + owner + "': only the last pattern of several may set 'loop'");
        }
        int groupCount = regexp.matcher("").groupCount();
        Map<String, Integer> groups = new java.util.LinkedHashMap<>();
        for (String key : GROUPS) {
            Value g = p.fields().get(key);
            if (g == null || g instanceof Value.Null) {
                continue;
            }
            if (!(g instanceof Value.Num n)
                    || n.value() != Math.rint(n.value())
                    || n.value() < 0
                    || n.value() > groupCount) {
                throw new IllegalArgumentException("matcher '" + owner + "': '" + key
                        + "' must be the number of a group of its 'regexp' (0 to " + groupCount + ")");
            }
            if (!set.add(key)) {
                throw new IllegalArgumentException("matcher '" + owner + "': '" + key + "' is set twice");
            }
            groups.put(key, (int) n.value());
        }
        if (loop && !groups.containsKey("message")) {
            throw new IllegalArgumentException("matcher '" + owner + "': the 'loop' pattern must set 'message'");
        }
        return new Part(regexp, Map.copyOf(groups), loop);
    }

    private static String string(Value.Obj o, String key) {
        Value v = o.fields().get(key);
        return v instanceof Value.Str s ? s.value() : "";
    }
}
