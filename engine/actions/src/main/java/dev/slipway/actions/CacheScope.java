package dev.slipway.actions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which caches a job sees and where it saves, as GitHub scopes them: a job restores from its own ref, then a pull
 * request's base branch, then the default branch, and saves to its own ref.
 *
 * @param repository the {@code owner/repo} the caches belong to, in lower case
 * @param restoreFrom the scopes looked in, in order
 * @param saveTo the scope a save goes to
 */
public record CacheScope(String repository, List<String> restoreFrom, String saveTo) {
    public CacheScope {
        restoreFrom = List.copyOf(restoreFrom);
    }

    /**
     * The scope of a job with these variables ({@code GITHUB_REPOSITORY}, {@code GITHUB_REF}, {@code GITHUB_BASE_REF})
     * in a repository whose default branch is {@code defaultBranch}.
     */
    public static CacheScope of(Map<String, String> env, String defaultBranch) {
        String base = "refs/heads/" + defaultBranch;
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        Optional<String> ref = BuiltinCall.envVar(env, "GITHUB_REF");
        ref.ifPresent(scopes::add);
        BuiltinCall.envVar(env, "GITHUB_BASE_REF").ifPresent(b -> scopes.add("refs/heads/" + b));
        scopes.add(base);
        String repository = BuiltinCall.envVar(env, "GITHUB_REPOSITORY").orElse("local");
        return new CacheScope(repository.toLowerCase(Locale.ROOT), List.copyOf(scopes), ref.orElse(base));
    }
}
