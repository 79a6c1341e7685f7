package dev.slipway.git;

import java.util.Optional;

/**
 * Who may clone and push, implemented by the server (users, tokens, collaborators, visibility).
 *
 * <p>Called on request threads, possibly concurrently, once or twice per HTTP request (git makes several requests per
 * clone or push), so implementations should be fast and thread-safe.
 */
public interface AccessControl {
    /**
     * Checks HTTP credentials. {@code user} is the Basic user name ("" for a {@code Bearer} token); {@code secret} a
     * password or an access token. Empty when they are wrong: the client then gets 401.
     */
    Optional<Principal> authenticate(String user, String secret);

    /**
     * Whether {@code who} (empty for anonymous) may clone and fetch {@code repo}. Return true for anonymous on public
     * repositories; return false for repositories that do not exist, so their existence does not leak.
     */
    boolean canRead(Optional<Principal> who, RepoName repo);

    /** Whether the authenticated {@code who} may push to {@code repo} (anonymous pushes are always refused). */
    boolean canWrite(Principal who, RepoName repo);

    /** What git prints ({@code remote: ...}) when the authenticated {@code who} may not read or push to {@code repo}. */
    default String refusal(Principal who, RepoName repo, boolean push) {
        return who.login() + " may not " + (push ? "push to " : "read ") + repo;
    }
}
