package dev.slipway.server.auth;

import dev.slipway.git.AccessControl;
import dev.slipway.git.Principal;
import dev.slipway.git.RepoName;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.store.Database;
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
            var job = jobOf(who.get());
            boolean own = job.isPresent() && job.get().repoId() == repo.get().id();
            if (needed == Role.READ) {
                return own || !repo.get().isPrivate();
            }
            return own && job.get().permissions().canWrite("contents");
        }
        if (who.isPresent() && !who.get().credential().isEmpty()) {
            // a personal access token with scopes: without 'repo' it reads what anonymous may, and pushes nowhere
            var scopes = authenticator.scopesOf(Long.parseLong(who.get().credential()));
            if (scopes.isEmpty()) {
                return false;
            }
            if (!scopes.get().has("repo")) {
                return needed == Role.READ && !repo.get().isPrivate();
            }
        }
        var user = who.flatMap(p -> db.users().findByLogin(p.login()));
        return permissions.allows(user, repo.get(), needed);
    }

    @Override
    public String refusal(Principal who, RepoName repo, boolean push) {
        if (isJob(who)) {
            var job = jobOf(who);
            if (push
                    && job.isPresent()
                    && db.repos()
                            .find(repo.owner(), repo.name())
                            .map(r -> r.id() == job.get().repoId())
                            .orElse(false)) {
                return "the job's GITHUB_TOKEN may not push to " + repo + ": its permissions give contents: "
                        + job.get().permissions().get("contents") + ", and a push needs contents: write";
            }
            return "the job's GITHUB_TOKEN may not " + (push ? "push to " : "read ") + repo
                    + " (it reads its own repository and public ones, and pushes only to its own)";
        }
        if (!who.credential().isEmpty()) {
            var scopes = authenticator.scopesOf(Long.parseLong(who.credential()));
            if (scopes.isPresent() && !scopes.get().has("repo")) {
                return "this token (" + scopes.get() + ") lacks the 'repo' scope, which "
                        + (push ? "a push to " : "reading ") + repo + " needs";
            }
        }
        return AccessControl.super.refusal(who, repo, push);
    }

    private Optional<AgentHub.LeasedJob> jobOf(Principal who) {
        return who.credential().isEmpty() ? Optional.empty() : jobs.leased(Long.parseLong(who.credential()));
    }

    /** Whether a principal is a workflow job's token: its pushes start no workflow runs, as GitHub's GITHUB_TOKEN's. */
    public static boolean isJob(Principal who) {
        return Caller.isJobActor(who.login());
    }

    /** The principal git records for a user. */
    static Principal principal(User user) {
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
