package dev.slipway.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a personal access token may do, by the scopes it was created with (GitHub's classic scope names). A token
 * created without scopes acts with all its user's rights (as before scopes were enforced, and as Gitea's {@code all});
 * one created with scopes gets, within its user's rights, only what they grant. Scopes a newer or older server knew
 * and this one does not grant nothing.
 */
public record TokenScopes(boolean unrestricted, Set<String> names) {
    /** The scopes this server knows, with what each grants. */
    public static final Map<String, String> KNOWN = known();

    /** What a password (or a token without scopes) gives: everything its user may do. */
    public static final TokenScopes ALL = new TokenScopes(true, Set.of());

    public TokenScopes {
        names = Set.copyOf(new TreeSet<>(names));
    }

    private static Map<String, String> known() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("repo", "repositories: clone, push, pull requests, runs, settings and secrets");
        m.put("workflow", "push changes to workflow files (.github/workflows), with repo");
        m.put("read:packages", "pull images from the registry");
        m.put("write:packages", "push images (and pull them)");
        m.put("delete:packages", "delete images (and pull them)");
        m.put("user", "the user's access tokens");
        m.put("site_admin", "site administration (users), for administrators");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The scopes of a stored token: none means unrestricted. */
    public static TokenScopes of(List<String> stored) {
        return stored.isEmpty() ? ALL : new TokenScopes(false, Set.copyOf(stored));
    }

    /** The scope names in {@code requested} this server does not know, in their order. */
    public static List<String> unknown(List<String> requested) {
        List<String> out = new ArrayList<>();
        for (String s : requested) {
            if (!KNOWN.containsKey(s) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether the token has {@code scope}, or a scope that implies it ({@code write:packages} reads them too). */
    public boolean has(String scope) {
        if (unrestricted || names.contains(scope)) {
            return true;
        }
        return switch (scope) {
            case "read:packages" -> names.contains("write:packages") || names.contains("delete:packages");
            default -> false;
        };
    }

    /**
     * Whether a token with these scopes may create one with {@code requested}: an unrestricted token any, a scoped one
     * only tokens with scopes it has itself (so no token widens its own reach).
     */
    public boolean covers(TokenScopes requested) {
        return unrestricted
                || (!requested.unrestricted && requested.names.stream().allMatch(this::has));
    }

    /** The value of GitHub's {@code X-OAuth-Scopes} header: the scopes, comma-separated; {@code all} when unrestricted. */
    public String header() {
        return unrestricted ? "all" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return unrestricted ? "all scopes" : names.isEmpty() ? "no scopes" : String.join(", ", names);
    }
}
