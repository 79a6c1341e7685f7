package dev.slipway.server.auth;

import dev.slipway.registry.Authorizer;
import dev.slipway.registry.CredentialChecker;
import dev.slipway.registry.RegistryAction;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's view of Slipway's users: images {@code owner/repo[/...]} follow the roles of the hosted repository
 * {@code owner/repo} (read: pull, write: push, admin: delete too); without such a repository, a user may do everything
 * under their own login and nothing elsewhere.
 */
public final class RegistryAccess implements Authorizer, CredentialChecker {
    private final Database db;
    private final Authenticator authenticator;
    private final Permissions permissions;
    private final GitAccess.JobTokens jobs;
    private static final String JOB_TOKEN = "slj_";
    private static final String JOB_PRINCIPAL = "slipway-job:repo-";

    /** Grants registry rights from the store's users, tokens and roles. */
    public RegistryAccess(Database db, Authenticator authenticator, Permissions permissions) {
        this(db, authenticator, permissions, token -> Optional.empty());
    }

    /** As above; a running job's token may also pull and push the images of its own repository. */
    public RegistryAccess(Database db, Authenticator authenticator, Permissions permissions, GitAccess.JobTokens jobs) {
        this.db = db;
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.jobs = jobs;
    }

    @Override
    public Optional<String> authenticate(String username, String secret) {
        if (secret.startsWith(JOB_TOKEN)) {
            return jobs.job(secret).map(j -> JOB_PRINCIPAL + j.repoId());
        }
        return authenticator.check(username, secret).map(User::login);
    }

    @Override
    public Set<RegistryAction> permitted(Optional<String> principal, String repository) {
        var parts = repository.split("/");
        if (principal.isPresent() && principal.get().startsWith(JOB_PRINCIPAL)) {
            // GITHUB_TOKEN's packages: write, for the job's own repository (owner/name and images below it).
            var repo = parts.length >= 2 ? db.repos().find(parts[0], parts[1]) : Optional.<Repo>empty();
            var own = repo.isPresent()
                    && principal.get().equals(JOB_PRINCIPAL + repo.get().id());
            return own ? EnumSet.of(RegistryAction.PULL, RegistryAction.PUSH) : Set.of();
        }
        var user = principal.flatMap(login -> db.users().findByLogin(login));
        if (parts.length >= 2) {
            var repo = db.repos().find(parts[0], parts[1]);
            if (repo.isPresent()) {
                return permissions
                        .role(user, repo.get())
                        .map(RegistryAccess::actions)
                        .orElse(Set.of());
            }
        }
        boolean ownNamespace = user.map(
                        u -> u.admin() || u.login().toLowerCase(Locale.ROOT).equals(parts[0].toLowerCase(Locale.ROOT)))
                .orElse(false);
        return ownNamespace ? EnumSet.allOf(RegistryAction.class) : Set.of();
    }

    private static Set<RegistryAction> actions(Role role) {
        return switch (role) {
            case READ -> EnumSet.of(RegistryAction.PULL);
            case WRITE -> EnumSet.of(RegistryAction.PULL, RegistryAction.PUSH);
            case ADMIN -> EnumSet.allOf(RegistryAction.class);
        };
    }
}
