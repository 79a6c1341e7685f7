package dev.slipway.server.auth;

import dev.slipway.registry.Authorizer;
import dev.slipway.registry.CredentialChecker;
import dev.slipway.registry.RegistryAction;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.workflow.TokenPermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's view of Slipway's users: images {@code owner/repo[/...]} follow the roles of the hosted repository
 * {@code owner/repo} (read: pull, write: push, admin: delete too); without such a repository, a user may do everything
 * under their own login and nothing elsewhere. A personal access token with scopes gets no more than its packages
 * scopes grant ({@code read:packages} pull, {@code write:packages} push, {@code delete:packages} delete); a job's
 * token what its {@code permissions:} give for {@code packages} on its own repository, and what anyone may elsewhere.
 *
 * <p>Principals: a user's login; {@code login/token-<id>} for a token with scopes; {@code
 * slipway-job:<job>:repo-<repo>} for a job's token.
 */
public final class RegistryAccess implements Authorizer, CredentialChecker {
    private final Database db;
    private final Authenticator authenticator;
    private final Permissions permissions;
    private final GitAccess.JobTokens jobs;
    private static final String JOB_TOKEN = "slj_";
    private static final String JOB_PRINCIPAL = "slipway-job:";
    private static final String SCOPED = "/token-";

    /** Grants registry rights from the store's users, tokens and roles. */
    public RegistryAccess(Database db, Authenticator authenticator, Permissions permissions) {
        this(db, authenticator, permissions, GitAccess.JobTokens.none());
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
            return jobs.job(secret).map(j -> JOB_PRINCIPAL + j.jobId() + ":repo-" + j.repoId());
        }
        return authenticator
                .identify(username, secret)
                .map(i -> i.scopes().unrestricted()
                        ? i.user().login()
                        : i.user().login() + SCOPED + i.tokenId().orElseThrow());
    }

    /** Who a principal is, for people: the user's login, or {@code github-actions[bot]} for a job's token. */
    public static String display(String principal) {
        if (principal.startsWith(JOB_PRINCIPAL)) {
            return Caller.JOB_ACTOR.login();
        }
        int scoped = principal.indexOf(SCOPED);
        return scoped > 0 ? principal.substring(0, scoped) : principal;
    }

    /** The job whose token a principal is. */
    public static Optional<Long> jobOf(String principal) {
        if (!principal.startsWith(JOB_PRINCIPAL)) {
            return Optional.empty();
        }
        var rest = principal.substring(JOB_PRINCIPAL.length());
        int colon = rest.indexOf(':');
        return colon > 0 && !rest.startsWith("repo-")
                ? Optional.of(Long.parseLong(rest.substring(0, colon)))
                : Optional.empty();
    }

    @Override
    public Set<RegistryAction> permitted(Optional<String> principal, String repository) {
        var parts = repository.split("/");
        var repo = parts.length >= 2 ? db.repos().find(parts[0], parts[1]) : Optional.<Repo>empty();
        if (principal.isPresent() && principal.get().startsWith(JOB_PRINCIPAL)) {
            return forJob(principal.get(), repo);
        }
        Set<RegistryAction> granted = EnumSet.allOf(RegistryAction.class);
        var login = principal;
        if (principal.isPresent() && principal.get().contains(SCOPED)) {
            var p = principal.get();
            int at = p.indexOf(SCOPED);
            login = Optional.of(p.substring(0, at));
            granted = packages(authenticator.scopesOf(Long.parseLong(p.substring(at + SCOPED.length()))));
        }
        var user = login.flatMap(l -> db.users().findByLogin(l));
        Set<RegistryAction> rights;
        if (repo.isPresent()) {
            rights = permissions
                    .role(user, repo.get())
                    .map(RegistryAccess::actions)
                    .orElse(Set.of());
        } else {
            boolean ownNamespace = user.map(u ->
                            u.admin() || u.login().toLowerCase(Locale.ROOT).equals(parts[0].toLowerCase(Locale.ROOT)))
                    .orElse(false);
            rights = ownNamespace ? EnumSet.allOf(RegistryAction.class) : Set.of();
        }
        var both = EnumSet.noneOf(RegistryAction.class);
        both.addAll(rights);
        both.retainAll(granted);
        return both;
    }

    @Override
    public Optional<String> whyNot(Optional<String> principal, String repository, Set<RegistryAction> missing) {
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        var p = principal.get();
        if (p.startsWith(JOB_PRINCIPAL)) {
            var job = jobOf(p).flatMap(jobs::leased);
            var parts = repository.split("/");
            boolean own = job.isPresent()
                    && parts.length >= 2
                    && db.repos()
                            .find(parts[0], parts[1])
                            .map(r -> r.id() == job.get().repoId())
                            .orElse(false);
            if (!own) {
                return Optional.of("a job's GITHUB_TOKEN reaches only its own repository's images");
            }
            return Optional.of("the job's permissions give packages: "
                    + job.get().permissions().get("packages")
                    + ", and "
                    + (missing.contains(RegistryAction.PUSH)
                            ? "a push needs packages: write"
                            : "a pull" + " needs packages: read"));
        }
        int at = p.indexOf(SCOPED);
        if (at < 0) {
            return Optional.empty();
        }
        var scopes = authenticator.scopesOf(Long.parseLong(p.substring(at + SCOPED.length())));
        if (scopes.isEmpty()) {
            return Optional.of("the token was revoked or has expired");
        }
        var needed = missing.contains(RegistryAction.DELETE)
                ? "delete:packages"
                : missing.contains(RegistryAction.PUSH) ? "write:packages" : "read:packages";
        if (scopes.get().has(needed)) {
            return Optional.empty();
        }
        return Optional.of("the token's scopes (" + scopes.get() + ") lack " + needed);
    }

    /** What a token's scopes grant in the registry (nothing once it is revoked or expired). */
    private static Set<RegistryAction> packages(Optional<TokenScopes> scopes) {
        var granted = EnumSet.noneOf(RegistryAction.class);
        scopes.ifPresent(s -> {
            if (s.has("read:packages")) {
                granted.add(RegistryAction.PULL);
            }
            if (s.has("write:packages")) {
                granted.add(RegistryAction.PUSH);
            }
            if (s.has("delete:packages")) {
                granted.add(RegistryAction.DELETE);
            }
        });
        return granted;
    }

    /**
     * GITHUB_TOKEN's {@code packages} permission, for the job's own repository (owner/name and images below it) while
     * the job runs; elsewhere what anyone may (public repositories' images pull).
     */
    private Set<RegistryAction> forJob(String principal, Optional<Repo> repo) {
        if (repo.isEmpty()) {
            return Set.of();
        }
        var anyone = permissions
                .role(Optional.empty(), repo.get())
                .map(RegistryAccess::actions)
                .orElse(Set.of());
        var job = jobOf(principal).flatMap(jobs::leased);
        if (job.isEmpty() || job.get().repoId() != repo.get().id()) {
            return anyone;
        }
        var granted = EnumSet.noneOf(RegistryAction.class);
        granted.addAll(anyone);
        var packages = job.get().permissions().get("packages");
        if (packages != TokenPermissions.Access.NONE) {
            granted.add(RegistryAction.PULL);
        }
        if (packages == TokenPermissions.Access.WRITE) {
            granted.add(RegistryAction.PUSH);
        }
        return granted;
    }

    private static Set<RegistryAction> actions(Role role) {
        return switch (role) {
            case READ -> EnumSet.of(RegistryAction.PULL);
            case WRITE -> EnumSet.of(RegistryAction.PULL, RegistryAction.PUSH);
            case ADMIN -> EnumSet.allOf(RegistryAction.class);
        };
    }
}
