package dev.slipway.server.auth;

import dev.slipway.server.store.User;
import java.util.Optional;

/** What an {@code Authorization} header amounts to: nobody, a user, or credentials that are wrong. */
public sealed interface Caller {
    /** No credentials were sent. */
    record Anonymous() implements Caller {}

    /**
     * Credentials identified this user.
     *
     * @param scopes what the token used may do ({@link TokenScopes#ALL} for a password or a token without scopes)
     */
    record Authenticated(User user, TokenScopes scopes) implements Caller {
        public Authenticated(User user) {
            this(user, TokenScopes.ALL);
        }
    }

    /** Credentials were sent but are wrong, expired or revoked. */
    record Rejected() implements Caller {}

    /** The user, when authenticated. */
    default Optional<User> who() {
        return this instanceof Authenticated a ? Optional.of(a.user()) : Optional.empty();
    }
}
