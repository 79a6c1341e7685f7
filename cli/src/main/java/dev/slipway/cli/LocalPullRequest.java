package dev.slipway.cli;

import dev.slipway.common.UserError;
import dev.slipway.plan.Events;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.jspecify.annotations.Nullable;

/**
 * The pull request a local {@code -e pull_request} run stands for: HEAD's branch into the default branch, as the
 * developer would open it. As on GitHub, the base is the default branch's tip (its local branch, else {@code
 * origin}'s), the changed files are those of the head since the merge base (what {@code paths} filters see), and the
 * run's commit is a test merge of the head into the base ({@code refs/pull/N/merge}: two parents, base then head),
 * made with JGit's recursive merger and written into the repository's object store without a ref, as {@code git
 * merge-tree --write-tree} does. When HEAD is the default branch itself (or already in it), the pull request is
 * HEAD's own commit onto its parent.
 *
 * @param head the head branch and commit
 * @param base the base branch and commit
 * @param merge the test merge commit, when one was made
 * @param changed the files the head changes since the merge base
 */
record LocalPullRequest(Events.Side head, Events.Side base, Optional<String> merge, List<String> changed) {
    /** GitHub's own identity, which commits its test merges. */
    private static final String GITHUB = "GitHub";

    private static final String NOREPLY = "noreply@github.com";

    /**
     * Reads the pull request of {@code git}'s HEAD; with {@code testMerge} also makes its test merge.
     *
     * @throws UserError when the head does not merge cleanly into the base (GitHub runs no {@code pull_request}
     *     workflow then)
     */
    static LocalPullRequest of(LocalGit git, boolean testMerge) {
        try (Repository repo = LocalGit.open(git.root());
                RevWalk walk = new RevWalk(repo);
                ObjectInserter inserter = repo.newObjectInserter()) {
            RevCommit head = walk.parseCommit(ObjectId.fromString(git.sha()));
            RevCommit base = base(repo, walk, git.defaultBranch(), head);
            Events.Side headSide = new Events.Side(git.branch(), head.name());
            if (base == null) { // a first commit onto nothing: every file is new, nothing to merge
                return new LocalPullRequest(
                        headSide,
                        new Events.Side(git.defaultBranch(), Events.ZERO_SHA),
                        Optional.empty(),
                        LocalDiffs.changed(repo, null, head));
            }
            RevCommit mergeBase = mergeBase(walk, base, head);
            List<String> changed = LocalDiffs.changed(repo, mergeBase, head);
            Optional<String> merge = testMerge ? Optional.of(merge(repo, inserter, base, head, git)) : Optional.empty();
            return new LocalPullRequest(headSide, new Events.Side(git.defaultBranch(), base.name()), merge, changed);
        } catch (IOException e) {
            throw new UserError("cannot read the pull request of " + git.root() + ": " + e.getMessage());
        }
    }

    /** The default branch's tip, or HEAD's parent when HEAD is that branch or already in it. */
    private static @Nullable RevCommit base(Repository repo, RevWalk walk, String branch, RevCommit head)
            throws IOException {
        for (String ref : List.of(Constants.R_HEADS + branch, Constants.R_REMOTES + "origin/" + branch)) {
            var found = repo.exactRef(ref);
            if (found != null && found.getObjectId() != null) {
                RevCommit tip = walk.parseCommit(found.getObjectId());
                if (!walk.isMergedInto(head, tip)) {
                    return tip;
                }
                break; // HEAD is the default branch (or behind it): the pull request of its own commit
            }
        }
        return head.getParentCount() > 0 ? walk.parseCommit(head.getParent(0)) : null;
    }

    private static RevCommit mergeBase(RevWalk walk, RevCommit base, RevCommit head) throws IOException {
        walk.reset();
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(walk.parseCommit(base));
        walk.markStart(walk.parseCommit(head));
        RevCommit found = walk.next();
        walk.reset();
        walk.setRevFilter(RevFilter.ALL);
        return found != null ? found : base;
    }

    /** The test merge of {@code head} into {@code base}: the same commit for the same two (its time is theirs). */
    private static String merge(Repository repo, ObjectInserter inserter, RevCommit base, RevCommit head, LocalGit git)
            throws IOException {
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repo.getConfig());
        if (!merger.merge(base, head)) {
            List<String> conflicts = new ArrayList<>(merger.getUnmergedPaths());
            if (merger.getFailingPaths() != null) {
                conflicts.addAll(merger.getFailingPaths().keySet());
            }
            throw new UserError(git.branch() + " (" + head.abbreviate(7).name() + ") does not merge cleanly into "
                    + git.defaultBranch() + " (" + base.abbreviate(7).name() + "): conflicts in "
                    + String.join(", ", conflicts.stream().distinct().sorted().toList())
                    + "; GitHub runs no pull_request workflow while a pull request has conflicts. Merge or rebase"
                    + " onto " + git.defaultBranch() + " first");
        }
        long when = 1000L * Math.max(base.getCommitTime(), head.getCommitTime());
        PersonIdent github =
                new PersonIdent(GITHUB, NOREPLY, java.time.Instant.ofEpochMilli(when), java.time.ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(merger.getResultTreeId());
        commit.setParentIds(base, head);
        commit.setAuthor(github);
        commit.setCommitter(github);
        commit.setMessage("Merge " + head.name() + " into " + base.name() + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id.name();
    }
}
