package dev.slipway.workflow;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a job's {@code GITHUB_TOKEN} may do, scope by scope ({@code contents}, {@code packages}, ...), as {@code
 * permissions:} at the workflow or job level says. GitHub's rules: the job's key replaces the workflow's; a mapping
 * leaves every scope it does not name at {@code none}; {@code read-all} and {@code write-all} set them all; without
 * the key anywhere, the default applies ({@link #DEFAULT}: read and write, GitHub's "permissive" setting, which is what
 * a Slipway job token could do before permissions were enforced). {@code id-token} is never {@code read}; {@code
 * read-all} leaves it at {@code none}.
 *
 * @param scopes every scope of {@link Permissions#SCOPES} with its access
 */
public record TokenPermissions(Map<String, Access> scopes) {
    /** A scope's access; ordered from least to most. */
    public enum Access {
        NONE,
        READ,
        WRITE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every scope written, {@code id-token} none: GitHub's permissive default. */
    public static final TokenPermissions DEFAULT = all(Access.WRITE).with("id-token", Access.NONE);

    /** Contents and packages read: GitHub's "restricted" default, which an administrator may choose instead. */
    public static final TokenPermissions RESTRICTED = of(Map.of("contents", Access.READ, "packages", Access.READ));

    /** The default {@code name} stands for: {@code permissive} ({@link #DEFAULT}) or {@code restricted}. */
    public static Optional<TokenPermissions> named(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "permissive" -> Optional.of(DEFAULT);
            case "restricted" -> Optional.of(RESTRICTED);
            default -> Optional.empty();
        };
    }

    public TokenPermissions {
        scopes = Collections.unmodifiableMap(new TreeMap<>(scopes));
    }

    /** Every scope at {@code access} ({@code read-all}: {@code id-token} stays none). */
    public static TokenPermissions all(Access access) {
        Map<String, Access> map = new TreeMap<>();
        for (String scope : Permissions.SCOPES) {
            map.put(scope, scope.equals("id-token") && access == Access.READ ? Access.NONE : access);
        }
        return new TokenPermissions(map);
    }

    /** A mapping's scopes; every other scope none. */
    public static TokenPermissions of(Map<String, Access> named) {
        TokenPermissions none = all(Access.NONE);
        Map<String, Access> map = new TreeMap<>(none.scopes);
        map.putAll(named);
        return new TokenPermissions(map);
    }

    /** The permissions a job's token gets: the job's own, else its workflow's, else {@link #DEFAULT}. */
    public static TokenPermissions of(Job job, Workflow workflow) {
        return job.permissions().or(workflow::permissions).orElse(DEFAULT);
    }

    /** The access to {@code scope} (none for a scope GitHub does not have). */
    public Access get(String scope) {
        return scopes.getOrDefault(scope, Access.NONE);
    }

    /** Whether {@code scope} is at least readable. */
    public boolean canRead(String scope) {
        return get(scope) != Access.NONE;
    }

    /** Whether {@code scope} is writable. */
    public boolean canWrite(String scope) {
        return get(scope) == Access.WRITE;
    }

    /** Scope by scope, the lesser of this and {@code ceiling} (a called workflow's jobs under their caller's job). */
    public TokenPermissions within(TokenPermissions ceiling) {
        Map<String, Access> map = new TreeMap<>();
        scopes.forEach((scope, access) -> {
            Access cap = ceiling.get(scope);
            map.put(scope, access.compareTo(cap) <= 0 ? access : cap);
        });
        return new TokenPermissions(map);
    }

    /**
     * The scopes for which this asks more than {@code ceiling} grants, with what this asks, in scope order: a called
     * workflow's job that asks for more than its caller has is refused, as on GitHub.
     */
    public Map<String, Access> beyond(TokenPermissions ceiling) {
        Map<String, Access> over = new TreeMap<>();
        scopes.forEach((scope, access) -> {
            if (access.compareTo(ceiling.get(scope)) > 0) {
                over.put(scope, access);
            }
        });
        return Collections.unmodifiableMap(over);
    }

    /** The access to each of {@code names}, as {@code contents: read, issues: none}, in scope order. */
    public String only(java.util.Set<String> names) {
        var parts = new java.util.ArrayList<String>();
        new TreeMap<>(scopes).forEach((scope, access) -> {
            if (names.contains(scope)) {
                parts.add(scope + ": " + access);
            }
        });
        return String.join(", ", parts);
    }

    private TokenPermissions with(String scope, Access access) {
        Map<String, Access> map = new TreeMap<>(scopes);
        map.put(scope, access);
        return new TokenPermissions(map);
    }

    /** The access {@code text} names ({@code read}, {@code write}, {@code none}). */
    static Optional<Access> access(String text) {
        for (Access a : Access.values()) {
            if (a.toString().equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The scopes granted, as {@code contents: read, statuses: write}; {@code none} when none is. */
    public String summary() {
        var granted = new java.util.ArrayList<String>();
        scopes.forEach((scope, access) -> {
            if (access != Access.NONE) {
                granted.add(scope + ": " + access);
            }
        });
        return granted.isEmpty() ? "none" : String.join(", ", granted);
    }
}
