package dev.slipway.server.auth;

import dev.slipway.registry.Authorizer;
import dev.slipway.registry.CredentialChecker;
import dev.slipway.registry.RegistryAction;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.workflow.TokenPermissions;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
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
        var repo = repoOf(repository);
        if (principal.isPresent() && principal.get().startsWith(JOB_PRINCIPAL)) {
            return forJob(principal.get(), repo);
        }
        Set<RegistryAction> granted = EnumSet.allOf(RegistryAction.class);
        var login = principal;
        var token = principal.flatMap(RegistryAccess::tokenOf);
        if (token.isPresent()) {
            login = Optional.of(display(principal.get()));
            granted = packages(authenticator.scopesOf(token.get()));
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
            var job = ownJob(p, repoOf(repository));
            if (job.isEmpty()) {
                return Optional.of("a job's GITHUB_TOKEN reaches only its own repository's images");
            }
            return Optional.of("the job's permissions give packages: "
                    + job.get().permissions().get("packages")
                    + ", and "
                    + (missing.contains(RegistryAction.PUSH)
                            ? "a push needs packages: write"
                            : "a pull needs packages: read"));
        }
        var token = tokenOf(p);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        var scopes = authenticator.scopesOf(token.get());
        if (scopes.isEmpty()) {
            return Optional.of("the token was revoked or has expired");
        }
        // the scope of the strongest action missing
        var needed = PACKAGE_SCOPES.entrySet().stream()
                .filter(e -> missing.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .reduce((weaker, stronger) -> stronger)
                .orElse("read:packages");
        if (scopes.get().has(needed)) {
            return Optional.empty();
        }
        return Optional.of("the token's scopes (" + scopes.get() + ") lack " + needed);
    }

    /** The scope each registry action needs of a token with scopes, from the weakest action to the strongest. */
    private static final Map<RegistryAction, String> PACKAGE_SCOPES = new EnumMap<>(Map.of(
            RegistryAction.PULL, "read:packages",
            RegistryAction.PUSH, "write:packages",
            RegistryAction.DELETE, "delete:packages"));

    /** What a token's scopes grant in the registry (nothing once it is revoked or expired). */
    private static Set<RegistryAction> packages(Optional<TokenScopes> scopes) {
        var granted = EnumSet.noneOf(RegistryAction.class);
        scopes.ifPresent(s -> PACKAGE_SCOPES.forEach((action, scope) -> {
            if (s.has(scope)) {
                granted.add(action);
            }
        }));
        return granted;
    }

    /** The personal access token a principal {@code login/token-<id>} stands for. */
    private static Optional<Long> tokenOf(String principal) {
        int at = principal.indexOf(SCOPED);
        return at < 0 ? Optional.empty() : Optional.of(Long.parseLong(principal.substring(at + SCOPED.length())));
    }

    /** The hosted repository an image {@code owner/repo[/...]} belongs to. */
    private Optional<Repo> repoOf(String repository) {
        var parts = repository.split("/");
        return parts.length >= 2 ? db.repos().find(parts[0], parts[1]) : Optional.empty();
    }

    /** The job a job principal stands for, while it runs and when {@code repo} is its repository. */
    private Optional<AgentHub.LeasedJob> ownJob(String principal, Optional<Repo> repo) {
        return jobOf(principal)
                .flatMap(jobs::leased)
                .filter(j -> repo.isPresent() && j.repoId() == repo.get().id());
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
        var job = ownJob(principal, repo);
        if (job.isEmpty()) {
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
