package dev.slipway.registry;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a principal may do to a repository. The server implements it from its projects and permissions; it is
 * asked on every request and when tokens are issued, so it must be fast and thread-safe.
 */
@FunctionalInterface
public interface Authorizer {
    /**
     * The actions {@code principal} may perform on {@code repository}.
     *
     * @param principal the authenticated user or token subject; empty for anonymous requests
     * @param repository a valid repository name such as {@code team/app}
     * @return the permitted actions, possibly empty
     */
    Set<RegistryAction> permitted(Optional<String> principal, String repository);

    /**
     * Why {@code principal} may not do {@code missing} to {@code repository}, for the error clients print (a token's
     * scopes, say); empty when there is nothing to add to "denied".
     */
    default java.util.Optional<String> whyNot(
            Optional<String> principal, String repository, Set<RegistryAction> missing) {
        return Optional.empty();
    }

    /** Everyone, anonymous included, may do everything: for tests and single-user setups. */
    static Authorizer allowAll() {
        return (principal, repository) -> EnumSet.allOf(RegistryAction.class);
    }

    /** Authenticated principals may do everything, anonymous requests may only pull. */
    static Authorizer anonymousPull() {
        return (principal, repository) ->
                principal.isPresent() ? EnumSet.allOf(RegistryAction.class) : EnumSet.of(RegistryAction.PULL);
    }

    /** Authenticated principals may do everything, anonymous requests nothing. */
    static Authorizer authenticatedOnly() {
        return (principal, repository) ->
                principal.isPresent() ? EnumSet.allOf(RegistryAction.class) : EnumSet.noneOf(RegistryAction.class);
    }
}
