package dev.slipway.server.auth;

import dev.slipway.git.AccessControl;
import dev.slipway.git.Principal;
import dev.slipway.git.RepoName;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import java.util.Optional;

/** Git hosting's view of Slipway's users and repository roles. */
public final class GitAccess implements AccessControl {
    private final Database db;
    private final Authenticator authenticator;
    private final Permissions permissions;
    private final JobTokens jobs;
    private static final String JOB_TOKEN = "slj_";

    /** Grants clone and push rights from the store's users, tokens and roles. */
    public GitAccess(Database db, Authenticator authenticator, Permissions permissions) {
        this(db, authenticator, permissions, JobTokens.none());
    }

    /** As above; a running job's token may also clone (and fetch) its own repository and the public ones. */
    public GitAccess(Database db, Authenticator authenticator, Permissions permissions, JobTokens jobs) {
        this.db = db;
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.jobs = jobs;
    }

    /** Finds the running job a job token belongs to. */
    public interface JobTokens {
        Optional<AgentHub.LeasedJob> job(String token);

        /** The job {@code jobId} while its lease lasts. */
        Optional<AgentHub.LeasedJob> leased(long jobId);

        /** No jobs: no job token is valid. */
        static JobTokens none() {
            return new JobTokens() {
                @Override
                public Optional<AgentHub.LeasedJob> job(String token) {
                    return Optional.empty();
                }

                @Override
                public Optional<AgentHub.LeasedJob> leased(long jobId) {
                    return Optional.empty();
                }
            };
        }
    }

    @Override
    public Optional<Principal> authenticate(String user, String secret) {
        if (secret.startsWith(JOB_TOKEN)) {
            // the job's token acts as github-actions[bot], as in the REST API; the job is noted for later checks
            return jobs.job(secret)
                    .map(j -> new Principal(
                            Caller.JOB_ACTOR.login(),
                            Caller.JOB_ACTOR.displayName(),
                            Caller.JOB_ACTOR.email(),
                            Long.toString(j.jobId())));
        }
        return authenticator.identify(user, secret).map(GitAccess::principal);
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
        if (who.isPresent() && isJob(who.get())) {
            // A job token reads its own repository while the job runs (the agent fetches the job's workspace with it,
            // whatever the job's contents permission, so the workspace holds it anyway) and the public ones, as anyone
            // may (actions/checkout of another repository, submodules); it pushes to its own with contents: write.
            var job = ownJob(who.get(), repo.get());
            if (needed == Role.READ) {
                return job.isPresent() || !repo.get().isPrivate();
            }
            return job.isPresent() && job.get().permissions().canWrite("contents");
        }
        var scopes = who.flatMap(this::scopesOf);
        if (scopes.isPresent()) {
            // a personal access token with scopes: without 'repo' it reads what anonymous may, and pushes nowhere
            if (scopes.get().isEmpty()) {
                return false;
            }
            if (!scopes.get().get().has("repo")) {
                return needed == Role.READ && !repo.get().isPrivate();
            }
        }
        var user = who.flatMap(p -> db.users().findByLogin(p.login()));
        return permissions.allows(user, repo.get(), needed);
    }

    @Override
    public String refusal(Principal who, RepoName repo, boolean push) {
        if (isJob(who)) {
            var job = db.repos().find(repo.owner(), repo.name()).flatMap(r -> ownJob(who, r));
            if (push && job.isPresent()) {
                return "the job's GITHUB_TOKEN may not push to " + repo + ": its permissions give contents: "
                        + job.get().permissions().get("contents") + ", and a push needs contents: write";
            }
            return "the job's GITHUB_TOKEN may not " + (push ? "push to " : "read ") + repo
                    + " (it reads its own repository and public ones, and pushes only to its own)";
        }
        var scopes = scopesOf(who).flatMap(s -> s);
        if (scopes.isPresent() && !scopes.get().has("repo")) {
            return "this token (" + scopes.get() + ") lacks the 'repo' scope, which "
                    + (push ? "a push to " : "reading ") + repo + " needs";
        }
        return AccessControl.super.refusal(who, repo, push);
    }

    /** The job a job's principal stands for, while it runs and when {@code repo} is its repository. */
    private Optional<AgentHub.LeasedJob> ownJob(Principal who, Repo repo) {
        return who.credential().isEmpty()
                ? Optional.empty()
                : jobs.leased(Long.parseLong(who.credential())).filter(j -> j.repoId() == repo.id());
    }

    /**
     * The scopes of the personal access token a user's principal signed in with: empty for a password or a token
     * without scopes (all the user's rights); an empty inner value once the token is revoked or expired.
     */
    private Optional<Optional<TokenScopes>> scopesOf(Principal who) {
        return who.credential().isEmpty() || isJob(who)
                ? Optional.empty()
                : Optional.of(authenticator.scopesOf(Long.parseLong(who.credential())));
    }

    /** Whether a principal is a workflow job's token: its pushes start no workflow runs, as GitHub's GITHUB_TOKEN's. */
    public static boolean isJob(Principal who) {
        return Caller.isJobActor(who.login());
    }

    /** The principal git records for a user (a push, a merge, a tag the server makes for them). */
    public static Principal principal(User user) {
        var name = user.displayName().isBlank() ? user.login() : user.displayName();
        return new Principal(user.login(), name, user.email());
    }

    /** The principal of a user signed in with a password or a token: a token with scopes is noted by its id. */
    private static Principal principal(Authenticator.Identity identity) {
        var p = principal(identity.user());
        return identity.scopes().unrestricted()
                ? p
                : new Principal(
                        p.login(),
                        p.name(),
                        p.email(),
                        Long.toString(identity.tokenId().orElseThrow()));
    }
}
