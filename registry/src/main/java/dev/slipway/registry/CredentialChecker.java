package dev.slipway.registry;

import java.util.Optional;

/** Checks HTTP Basic credentials (a password or a personal access token); implemented by the server. */
@FunctionalInterface
public interface CredentialChecker {
    /**
     * Authenticates a username and secret.
     *
     * @return the principal name to record in tokens and pass to the {@link Authorizer}; empty when the credentials are
     *     wrong
     */
    Optional<String> authenticate(String username, String secret);
}
