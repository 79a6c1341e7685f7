package dev.slipway.server.auth;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import java.util.Optional;

/**
 * Repository roles: site administrators and owners are {@link Role#ADMIN}, members have their role, everybody
 * (anonymous included) may {@link Role#READ} a public repository, and nobody else may see a private one.
 */
public final class Permissions {
    private final Database db;

    /** Reads roles from {@code db}. */
    public Permissions(Database db) {
        this.db = db;
    }

    /** What {@code who} (empty: anonymous) may do in {@code repo}; empty when they may not even see it. */
    public Optional<Role> role(Optional<User> who, Repo repo) {
        if (who.isPresent()) {
            var user = who.get();
            if (user.admin() || user.id() == repo.ownerId()) {
                return Optional.of(Role.ADMIN);
            }
            var member = db.repos().role(repo.id(), user.id());
            if (member.isPresent()) {
                return member;
            }
        }
        return repo.isPrivate() ? Optional.empty() : Optional.of(Role.READ);
    }

    /** Whether {@code who} has at least {@code needed} in {@code repo}. */
    public boolean allows(Optional<User> who, Repo repo, Role needed) {
        return role(who, repo).map(r -> r.allows(needed)).orElse(false);
    }
}
