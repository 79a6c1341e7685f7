package dev.slipway.server.auth;

import dev.slipway.git.AccessControl;
import dev.slipway.git.Principal;
import dev.slipway.git.RepoName;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import java.util.Optional;

/** Git hosting's view of Slipway's users and repository roles. */
public final class GitAccess implements AccessControl {
    private final Database db;
    private final Authenticator authenticator;
    private final Permissions permissions;

    /** Grants clone and push rights from the store's users, tokens and roles. */
    public GitAccess(Database db, Authenticator authenticator, Permissions permissions) {
        this.db = db;
        this.authenticator = authenticator;
        this.permissions = permissions;
    }

    @Override
    public Optional<Principal> authenticate(String user, String secret) {
        return authenticator.check(user, secret).map(GitAccess::principal);
    }

    @Override
    public boolean canRead(Optional<Principal> who, RepoName repo) {
        return allows(who, repo, Role.READ);
    }

    @Override
    public boolean canWrite(Principal who, RepoName repo) {
        return allows(Optional.of(who), repo, Role.WRITE);
    }

    private boolean allows(Optional<Principal> who, RepoName name, Role needed) {
        var repo = db.repos().find(name.owner(), name.name());
        if (repo.isEmpty()) {
            return false;
        }
        var user = who.flatMap(p -> db.users().findByLogin(p.login()));
        return permissions.allows(user, repo.get(), needed);
    }

    /** The principal git records for a user. */
    static Principal principal(User user) {
        var name = user.displayName().isBlank() ? user.login() : user.displayName();
        return new Principal(user.login(), name, user.email());
    }
}
