package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A personal access token, without its secret (only its SHA-256 is stored).
 *
 * @param hint the first characters of the secret ({@code slw_AbCd}), to tell tokens apart in lists
 */
public record Token(
        long id,
        long userId,
        String name,
        String hint,
        List<String> scopes,
        Instant created,
        Optional<Instant> lastUsed,
        Optional<Instant> expires,
        Optional<Instant> revoked) {

    public Token {
        scopes = List.copyOf(scopes);
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean active(Instant now) {
        return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
    }
}
