package dev.slipway.server.pulls;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.Merges;
import dev.slipway.git.PushEvent;
import dev.slipway.git.RefChange;
import dev.slipway.git.RefUpdate;
import dev.slipway.git.Repositories;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullComment;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.ReviewState;
import dev.slipway.server.store.User;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull requests of a repository's branches: opening, editing, closing and reopening, reviews and comments, keeping
 * {@code refs/pull/N/head} and {@code refs/pull/N/merge} current as branches move, and the merge status. Merging is
 * {@link PullMerger}'s. Thread-safe; each call opens its own git handle.
 */
public final class Pulls {
    static final Merges.Identity SYSTEM = new Merges.Identity("Slipway", "slipway@localhost");
    private static final Logger LOG = LoggerFactory.getLogger(Pulls.class);

    private final Database db;
    private final Repositories git;
    private final PullEventSink events;

    public Pulls(Database db, Repositories git, PullEventSink events) {
        this.db = db;
        this.git = git;
        this.events = events;
    }

    /**
     * Opens a pull request of {@code head} into {@code base} (branch names; {@code head} may be {@code owner:branch}
     * with the repository's owner).
     */
    public PullRequest open(Repo repo, User author, String title, String body, String head, String base) {
        var headBranch = headBranch(repo, head);
        if (title.isBlank()) {
            throw PullException.invalid("'title' must not be empty");
        }
        if (headBranch.equals(base)) {
            throw PullException.invalid("'head' and 'base' must be different branches, both are '" + base + "'");
        }
        var created = withGit(repo, g -> {
            var headSha = g.resolve("refs/heads/" + headBranch)
                    .orElseThrow(() -> PullException.invalid("'head': there is no branch '" + headBranch + "'"));
            var baseSha = g.resolve("refs/heads/" + base)
                    .orElseThrow(() -> PullException.invalid("'base': there is no branch '" + base + "'"));
            boolean exists = db.pulls().openTouching(repo.id(), headBranch).stream()
                    .anyMatch(p ->
                            p.headBranch().equals(headBranch) && p.baseBranch().equals(base));
            if (exists) {
                throw PullException.invalid(
                        "A pull request already exists for " + repo.ownerLogin() + ":" + headBranch + ".");
            }
            if (g.merges().isAncestor(headSha, baseSha)) {
                throw PullException.invalid("No commits between " + base + " and " + headBranch);
            }
            var pr = db.pulls()
                    .create(repo.id(), title.strip(), body, author.login(), headBranch, base, headSha, baseSha);
            g.merges().updatePullRefs((int) pr.number(), baseSha, headSha, SYSTEM);
            return pr;
        });
        events.pullRequest(created, "opened", author.login());
        return created;
    }

    /** Changes title, body or base; closes or reopens when {@code open} says so. */
    public PullRequest edit(
            Repo repo,
            PullRequest pr,
            User who,
            Optional<String> title,
            Optional<String> body,
            Optional<String> base,
            Optional<Boolean> open) {
        if (pr.merged() && (open.orElse(false) || base.isPresent())) {
            throw PullException.invalid("a merged pull request cannot be reopened or retargeted");
        }
        if (title.isPresent() && title.get().isBlank()) {
            throw PullException.invalid("'title' must not be empty");
        }
        var newBase = base.orElse(pr.baseBranch());
        if (!newBase.equals(pr.baseBranch())) {
            if (newBase.equals(pr.headBranch())) {
                throw PullException.invalid("'base' must differ from the head branch '" + pr.headBranch() + "'");
            }
            withGit(
                    repo,
                    g -> g.resolve("refs/heads/" + newBase)
                            .orElseThrow(() -> PullException.invalid("'base': there is no branch '" + newBase + "'")));
        }
        boolean edited = title.isPresent() || body.isPresent() || base.isPresent();
        if (edited) {
            db.pulls().edit(pr.id(), title.map(String::strip).orElse(pr.title()), body.orElse(pr.body()), newBase);
        }
        if (open.isPresent() && open.get() != pr.open()) {
            if (open.get()) {
                reopen(repo, pr);
            }
            db.pulls().setOpen(pr.id(), open.get());
        }
        var now = refresh(repo, db.pulls().find(pr.id()).orElseThrow());
        if (edited) {
            events.pullRequest(now, "edited", who.login());
        }
        if (open.isPresent() && open.get() != pr.open()) {
            events.pullRequest(now, open.get() ? "reopened" : "closed", who.login());
        }
        return now;
    }

    private void reopen(Repo repo, PullRequest pr) {
        withGit(repo, g -> {
            if (g.resolve("refs/heads/" + pr.headBranch()).isEmpty()) {
                throw PullException.invalid("cannot reopen: the head branch '" + pr.headBranch() + "' is gone");
            }
            return true;
        });
        boolean duplicate = db.pulls().openTouching(repo.id(), pr.headBranch()).stream()
                .anyMatch(p -> p.id() != pr.id()
                        && p.headBranch().equals(pr.headBranch())
                        && p.baseBranch().equals(pr.baseBranch()));
        if (duplicate) {
            throw PullException.invalid("cannot reopen: another open pull request has the same branches");
        }
    }

    /** Submits a review; authors cannot approve or request changes on their own pull request. */
    public Review review(Repo repo, PullRequest pr, User who, ReviewState state, String body, Optional<String> commit) {
        if (!pr.open()) {
            throw PullException.invalid("cannot review a closed pull request");
        }
        if (who.login().equals(pr.author()) && state == ReviewState.APPROVED) {
            throw PullException.invalid("Can not approve your own pull request");
        }
        if (who.login().equals(pr.author()) && state == ReviewState.CHANGES_REQUESTED) {
            throw PullException.invalid("Can not request changes on your own pull request");
        }
        if (state != ReviewState.APPROVED && body.isBlank()) {
            throw PullException.invalid("'body' is required for a review that comments or requests changes");
        }
        var current = refresh(repo, pr);
        var sha = commit.orElse(current.headSha());
        if (!sha.equals(current.headSha())) {
            throw new PullException(
                    PullException.Kind.CONFLICT,
                    "'commit_id' " + sha + " is not the head of the pull request (" + current.headSha() + ")");
        }
        var review = db.reviews().create(pr.id(), who.login(), state, body, sha);
        events.review(current, review, who.login());
        return review;
    }

    /** Adds a conversation comment, or a line comment when {@code path} and {@code line} are given. */
    public PullComment comment(
            Repo repo, PullRequest pr, User who, String body, Optional<String> path, Optional<Integer> line) {
        if (body.isBlank()) {
            throw PullException.invalid("'body' must not be empty");
        }
        if (path.isPresent() != line.isPresent()) {
            throw PullException.invalid("a line comment needs both 'path' and 'line'");
        }
        if (line.isPresent() && line.get() < 1) {
            throw PullException.invalid("'line' must be at least 1");
        }
        if (path.isPresent()) {
            var changed = withGit(repo, g -> g.merges().diff(pr.baseSha(), pr.headSha())).stream()
                    .anyMatch(f -> f.change().path().equals(path.get()));
            if (!changed) {
                throw PullException.invalid("'path': " + path.get() + " is not changed by this pull request");
            }
        }
        return db.reviews()
                .comment(pr.id(), who.login(), body, path, line, path.map(p -> pr.headSha()), Optional.empty());
    }

    /** The merge status of an open pull request (for a closed one: as it was when it closed). */
    public MergeStatus status(Repo repo, PullRequest pr) {
        var current = pr.open() ? refresh(repo, pr) : pr;
        return withGit(repo, g -> MergeGate.of(db, g.merges(), current));
    }

    /** Moves the pull requests touched by a push: new head (synchronize, stale approvals), new base, deletions. */
    public void onPush(PushEvent push) {
        var repo = db.repos().find(push.owner(), push.name());
        if (repo.isEmpty()) {
            return;
        }
        for (RefUpdate update : push.updates()) {
            if (!update.change().isBranch()) {
                continue;
            }
            var branch = update.change().shortName();
            for (PullRequest pr : db.pulls().openTouching(repo.get().id(), branch)) {
                try {
                    onBranchMoved(repo.get(), pr, update, push.pusher().login());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "cannot update pull request #{} of {} after a push",
                            pr.number(),
                            repo.get().fullName(),
                            e);
                }
            }
        }
    }

    private void onBranchMoved(Repo repo, PullRequest pr, RefUpdate update, String pusher) {
        if (update.type() == RefChange.Type.DELETE) {
            db.pulls().setOpen(pr.id(), false);
            events.pullRequest(db.pulls().find(pr.id()).orElseThrow(), "closed", pusher);
            return;
        }
        boolean headMoved = pr.headBranch().equals(update.change().shortName())
                && !pr.headSha().equals(update.after());
        var now = refresh(repo, pr);
        if (headMoved) {
            var rule = Rules.forBranch(db.protections().list(repo.id()), now.baseBranch());
            if (rule.map(r -> r.rules().dismissStaleReviews()).orElse(false)) {
                int dismissed = db.reviews().dismissStaleApprovals(pr.id(), now.headSha());
                LOG.debug("dismissed {} stale approvals of #{}", dismissed, pr.number());
            }
            events.pullRequest(now, "synchronize", pusher);
        }
    }

    /** Reads the branches' tips into the record and the pull refs when they moved; the current record. */
    PullRequest refresh(Repo repo, PullRequest pr) {
        if (!pr.open()) {
            return pr;
        }
        return withGit(repo, g -> {
            var head = g.resolve("refs/heads/" + pr.headBranch()).orElse(pr.headSha());
            var base = g.resolve("refs/heads/" + pr.baseBranch()).orElse(pr.baseSha());
            boolean refsMissing =
                    g.resolve("refs/pull/" + pr.number() + "/head").isEmpty();
            if (head.equals(pr.headSha()) && base.equals(pr.baseSha()) && !refsMissing) {
                return pr;
            }
            db.pulls().setShas(pr.id(), head, base);
            g.merges().updatePullRefs((int) pr.number(), base, head, SYSTEM);
            return db.pulls().find(pr.id()).orElseThrow();
        });
    }

    /** The repository's branch names, for the compare form. */
    public List<String> branchNames(Repo repo) {
        return withGit(repo, g -> g.branches().stream().map(b -> b.name()).toList());
    }

    /** The record with its branch tips read from git (an open pull request's may have moved). */
    public PullRequest refreshed(Repo repo, PullRequest pr) {
        return refresh(repo, pr);
    }

    /** The commit a ref or sha names. */
    public Optional<String> resolve(Repo repo, String rev) {
        return withGit(repo, g -> g.resolve(rev));
    }

    /** The commits of a pull request, oldest first. */
    public List<dev.slipway.git.Commit> commits(Repo repo, PullRequest pr) {
        return withGit(repo, g -> g.merges().commits(pr.baseSha(), pr.headSha()));
    }

    /** The changed files of a pull request with their diffs. */
    public List<Merges.FilePatch> files(Repo repo, PullRequest pr) {
        return withGit(repo, g -> g.merges().diff(pr.baseSha(), pr.headSha()));
    }

    private static String headBranch(Repo repo, String head) {
        int colon = head.indexOf(':');
        if (colon < 0) {
            return head;
        }
        if (!head.substring(0, colon).equalsIgnoreCase(repo.ownerLogin())) {
            throw PullException.invalid(
                    "'head': pull requests from other repositories are not supported; use a branch of "
                            + repo.fullName());
        }
        return head.substring(colon + 1);
    }

    <T> T withGit(Repo repo, Function<HostedRepo, T> action) {
        try (var g = git.open(repo.ownerLogin(), repo.name())
                .orElseThrow(() -> new PullException(PullException.Kind.NOT_FOUND, "Not Found"))) {
            return action.apply(g);
        }
    }

    Database db() {
        return db;
    }

    PullEventSink events() {
        return events;
    }
}
