package dev.slipway.server.pulls;

import dev.slipway.git.GitException;
import dev.slipway.git.Merges;
import dev.slipway.git.PushEvent;
import dev.slipway.git.PushListener;
import dev.slipway.git.RefChange;
import dev.slipway.git.RefUpdate;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.GitAccess;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges pull requests through the base branch's protection rule (approvals, required checks, up to date, linear
 * history; administrators may bypass a rule that does not enforce admins, audited), then tells the push listener so
 * the base branch's {@code push} workflows run. Auto-merge: pull requests with it enabled are merged as soon as their
 * status allows, checked every {@link #SWEEP_SECONDS} seconds while {@link #start started}.
 */
public final class PullMerger {
    /** How often pull requests waiting for auto-merge are looked at. */
    public static final int SWEEP_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(PullMerger.class);

    private final Pulls pulls;
    private final Permissions permissions;
    private final PushListener pushes;
    private ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
    private @Nullable ScheduledFuture<?> sweeps;

    /** @param pushes told about the base branch's new tip after every merge */
    public PullMerger(Pulls pulls, Permissions permissions, PushListener pushes) {
        this.pulls = pulls;
        this.permissions = permissions;
        this.pushes = pushes;
    }

    /** Merges {@code pr} as {@code who}; {@code expectedHead} guards against a head that moved since it was seen. */
    public PullRequest merge(
            Repo repo,
            PullRequest pr,
            User who,
            Merges.Method method,
            Optional<String> expectedHead,
            Optional<String> title,
            Optional<String> message,
            boolean deleteBranch) {
        if (!pr.open()) {
            throw new PullException(PullException.Kind.NOT_MERGEABLE, "Pull Request is not mergeable: it is closed");
        }
        var current = pulls.refresh(repo, pr);
        if (expectedHead.isPresent() && !expectedHead.get().equals(current.headSha())) {
            throw new PullException(
                    PullException.Kind.CONFLICT, "Head branch was modified. Review and try the merge again.");
        }
        var status = pulls.withGit(repo, g -> MergeGate.of(pulls.db(), g.merges(), current));
        if (!status.clean()) {
            throw new PullException(
                    PullException.Kind.NOT_MERGEABLE,
                    "Pull Request is not mergeable: merge conflicts in " + String.join(", ", status.conflicts()));
        }
        if (!MergeGate.allows(status, method)) {
            throw new PullException(
                    PullException.Kind.NOT_MERGEABLE,
                    "Merge commits are not allowed on " + current.baseBranch()
                            + " (linear history is required): merge with 'squash' or 'rebase'");
        }
        if (!status.blockers().isEmpty()) {
            bypassOrRefuse(repo, current, who, status);
        }
        var merged = mergeInGit(repo, current, who, method, title, message);
        var after = pulls.db().pulls().find(current.id()).orElseThrow();
        pushes.pushed(
                new PushEvent(repo.ownerLogin(), repo.name(), GitAccess.principal(who), List.of(merged.update())));
        pulls.events().pullRequest(after, "closed", who.login());
        if (deleteBranch) {
            deleteHead(repo, after, who);
        }
        return after;
    }

    private void bypassOrRefuse(Repo repo, PullRequest pr, User who, MergeStatus status) {
        var rule = status.rule().orElseThrow();
        boolean admin = permissions
                .role(Optional.of(who), repo)
                .map(r -> r == Role.ADMIN)
                .orElse(false);
        if (!admin || rule.rules().enforceAdmins()) {
            throw new PullException(
                    PullException.Kind.NOT_MERGEABLE,
                    "Pull Request is not mergeable: " + String.join("; ", status.blockers()));
        }
        pulls.db()
                .protections()
                .recordBypass(
                        repo.id(),
                        "refs/heads/" + pr.baseBranch(),
                        rule.pattern(),
                        who.login(),
                        "merge of #" + pr.number() + ": " + String.join("; ", status.blockers()),
                        pr.baseSha(),
                        pr.headSha());
    }

    private Merges.Merged mergeInGit(
            Repo repo,
            PullRequest pr,
            User who,
            Merges.Method method,
            Optional<String> title,
            Optional<String> message) {
        var text = title.orElse(defaultTitle(repo, pr, method)) + "\n\n"
                + message.orElse(defaultMessage(repo, pr, method));
        Merges.Merged merged;
        try {
            merged = pulls.withGit(
                    repo,
                    g -> g.merges()
                            .merge(pr.baseBranch(), pr.baseSha(), pr.headSha(), method, text.strip(), identity(who)));
        } catch (GitException e) {
            if (e.kind() == GitException.Kind.CONFLICT) {
                throw new PullException(PullException.Kind.CONFLICT, e.getMessage());
            }
            throw e;
        }
        var name = method.name().toLowerCase(Locale.ROOT);
        if (!pulls.db().pulls().markMerged(pr.id(), who.login(), merged.sha(), name, pr.headSha(), pr.baseSha())) {
            LOG.warn("pull request #{} of {} was closed while merging", pr.number(), repo.fullName());
        }
        return merged;
    }

    private void deleteHead(Repo repo, PullRequest pr, User who) {
        var rule = Rules.forBranch(pulls.db().protections().list(repo.id()), pr.headBranch());
        if (rule.isPresent() && !rule.get().rules().allowDeletions()) {
            return; // a protected head branch stays, as GitHub keeps it
        }
        boolean deleted =
                pulls.withGit(repo, g -> g.merges().deleteBranch(pr.headBranch(), pr.headSha(), identity(who)));
        if (deleted) {
            var change =
                    new RefChange("refs/heads/" + pr.headBranch(), pr.headSha(), RefChange.ZERO, RefChange.Type.DELETE);
            pushes.pushed(new PushEvent(
                    repo.ownerLogin(),
                    repo.name(),
                    GitAccess.principal(who),
                    List.of(new RefUpdate(change, List.of(), 0))));
        }
    }

    /** Enables auto-merge with {@code method} (merging at once if it may) or disables it when empty. */
    public PullRequest autoMerge(Repo repo, PullRequest pr, User who, Optional<Merges.Method> method) {
        if (!pr.open()) {
            throw PullException.invalid("auto-merge needs an open pull request");
        }
        pulls.db().pulls().setAutoMerge(pr.id(), method.map(m -> m.name().toLowerCase(Locale.ROOT)), who.login());
        if (method.isPresent()) {
            tryAutoMerge(pulls.db().pulls().find(pr.id()).orElseThrow());
        }
        return pulls.db().pulls().find(pr.id()).orElseThrow();
    }

    /** Merges every auto-merge pull request whose status allows it now (no bypass: auto-merge never skips rules). */
    public void sweep() {
        for (PullRequest pr : pulls.db().pulls().openWithAutoMerge()) {
            try {
                tryAutoMerge(pr);
            } catch (RuntimeException e) {
                LOG.warn("auto-merge of pull request {} failed", pr.id(), e);
            }
        }
    }

    private void tryAutoMerge(PullRequest pr) {
        var repo = pulls.db().repos().find(pr.repoId());
        // a job's token that enabled it had contents: write then (as GitHub, its merge later is still allowed)
        boolean job = pr.autoMergeBy().filter(Caller::isJobActor).isPresent();
        var by = job
                ? Optional.of(Caller.JOB_ACTOR)
                : pr.autoMergeBy().flatMap(login -> pulls.db().users().findByLogin(login));
        var method = pr.autoMergeMethod().map(m -> Merges.Method.valueOf(m.toUpperCase(Locale.ROOT)));
        if (repo.isEmpty() || by.isEmpty() || method.isEmpty()) {
            return;
        }
        if (!job && !permissions.allows(by, repo.get(), Role.WRITE)) {
            pulls.db().pulls().setAutoMerge(pr.id(), Optional.empty(), by.get().login());
            return;
        }
        var status = pulls.status(repo.get(), pr);
        if (status.mergeable() && MergeGate.allows(status, method.get())) {
            merge(repo.get(), pr, by.get(), method.get(), Optional.empty(), Optional.empty(), Optional.empty(), false);
            LOG.info(
                    "auto-merged pull request #{} of {}",
                    pr.number(),
                    repo.get().fullName());
        }
    }

    /** Starts the auto-merge sweeps. */
    public synchronized void start() {
        if (sweeper.isShutdown()) {
            sweeper = Executors.newSingleThreadScheduledExecutor();
        }
        sweeps = sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops the sweeps. */
    public synchronized void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
        sweeper.shutdownNow();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("auto-merge sweep failed", e);
        }
    }

    static String defaultTitle(Repo repo, PullRequest pr, Merges.Method method) {
        return switch (method) {
            case MERGE -> "Merge pull request #" + pr.number() + " from " + repo.ownerLogin() + "/" + pr.headBranch();
            case SQUASH -> pr.title() + " (#" + pr.number() + ")";
            case REBASE -> pr.title();
        };
    }

    private String defaultMessage(Repo repo, PullRequest pr, Merges.Method method) {
        if (method == Merges.Method.SQUASH) {
            var lines = new StringBuilder();
            for (var c : pulls.commits(repo, pr)) {
                lines.append("* ").append(c.subject()).append('\n');
            }
            return lines.toString();
        }
        return pr.title();
    }

    private static Merges.Identity identity(User who) {
        return new Merges.Identity(displayName(who), who.email());
    }

    private static String displayName(User who) {
        return who.displayName().isBlank() ? who.login() : who.displayName();
    }
}
