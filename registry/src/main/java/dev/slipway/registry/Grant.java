package dev.slipway.registry;

import java.util.Set;

/**
 * Actions granted on one repository inside a bearer token (the token's {@code access} claim entry).
 *
 * @param repository the repository name
 * @param actions the granted actions
 */
public record Grant(String repository, Set<RegistryAction> actions) {
    /** Defensive copy. */
    public Grant {
        actions = Set.copyOf(actions);
    }
}
