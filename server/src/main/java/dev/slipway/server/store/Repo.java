package dev.slipway.server.store;

import java.time.Instant;

/**
 * A hosted repository, {@code ownerLogin/name}; names are unique per owner ignoring case.
 *
 * @param isPrivate visible to its owner and members only
 */
public record Repo(
        long id,
        long ownerId,
        String ownerLogin,
        String name,
        String description,
        boolean isPrivate,
        String defaultBranch,
        Instant created) {

    /** {@code owner/name}. */
    public String fullName() {
        return ownerLogin + "/" + name;
    }
}
