package dev.slipway.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Pull request operations on a bare repository, all in memory (no work tree): comparing two commits, test merges
 * ({@code refs/pull/N/merge}), and merging by merge commit, squash or rebase with JGit's recursive merger.
 *
 * <p>Get one from {@link HostedRepo#merges()}; it shares the handle's thread confinement.
 */
public final class Merges {
    /** At most this many commits of a pull request are listed. */
    public static final int MAX_COMMITS = 250;

    private final Repository db;

    Merges(Repository db) {
        this.db = db;
    }

    /** How a pull request is merged, as GitHub names it. */
    public enum Method {
        /** A merge commit with the base and the head as parents. */
        MERGE,
        /** One new commit on the base with the pull request's changes. */
        SQUASH,
        /** Each commit of the pull request replayed on the base. */
        REBASE
    }

    /**
     * Whether {@code head} merges cleanly into {@code base}: the conflicting paths when it does not, and whether the
     * base is already contained in the head (the branch is up to date).
     */
    public record Check(boolean clean, List<String> conflicts, boolean upToDate) {
        /** Copies the list. */
        public Check {
            conflicts = List.copyOf(conflicts);
        }
    }

    /** A changed file of a pull request with its unified diff ({@code patch} is empty for binary files). */
    public record FilePatch(FileChange change, int additions, int deletions, boolean binary, String patch) {}

    /** The result of a merge: the new tip of the base branch and the ref update for the push event. */
    public record Merged(String sha, RefUpdate update) {}

    /** Who commits a merge: name and e-mail address. */
    public record Identity(String name, String email) {
        PersonIdent ident() {
            return new PersonIdent(name, email);
        }
    }

    /** The commits of {@code head} that {@code base} lacks, oldest first, at most {@link #MAX_COMMITS}. */
    public List<Commit> commits(String base, String head) {
        return call(() -> {
            try (RevWalk walk = new RevWalk(db)) {
                walk.markStart(Revs.require(db, walk, head));
                walk.markUninteresting(Revs.require(db, walk, base));
                List<Commit> out = new ArrayList<>();
                for (RevCommit c : walk) {
                    out.add(Commit.of(c));
                    if (out.size() == MAX_COMMITS) {
                        break;
                    }
                }
                return List.copyOf(out.reversed());
            }
        });
    }

    /** The best common ancestor of two commits, if they have one. */
    public Optional<String> mergeBase(String a, String b) {
        return call(() -> {
            try (RevWalk walk = new RevWalk(db)) {
                walk.setRevFilter(RevFilter.MERGE_BASE);
                walk.markStart(Revs.require(db, walk, a));
                walk.markStart(Revs.require(db, walk, b));
                RevCommit found = walk.next();
                return Optional.ofNullable(found).map(RevCommit::name);
            }
        });
    }

    /** Whether {@code ancestor} is reachable from {@code descendant} (or the same commit). */
    public boolean isAncestor(String ancestor, String descendant) {
        return call(() -> {
            try (RevWalk walk = new RevWalk(db)) {
                return walk.isMergedInto(Revs.require(db, walk, ancestor), Revs.require(db, walk, descendant));
            }
        });
    }

    /** Whether any commit in {@code from..to} (everything reachable from {@code to} when {@code from} is empty) merges. */
    public boolean hasMergeCommits(Optional<String> from, String to) {
        return call(() -> {
            try (RevWalk walk = new RevWalk(db)) {
                walk.markStart(Revs.require(db, walk, to));
                if (from.isPresent()) {
                    walk.markUninteresting(Revs.require(db, walk, from.get()));
                }
                int seen = 0;
                for (RevCommit c : walk) {
                    if (c.getParentCount() > 1) {
                        return true;
                    }
                    if (++seen == PushEvents.COUNT_LIMIT) {
                        return false;
                    }
                }
                return false;
            }
        });
    }

    /** The pull request's diff: from the merge base of {@code base} and {@code head} to {@code head}, renames found. */
    public List<FilePatch> diff(String base, String head) {
        return call(() -> {
            String from = mergeBase(base, head).orElse(base);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RevWalk walk = new RevWalk(db);
                    DiffFormatter diff = new DiffFormatter(out)) {
                diff.setRepository(db);
                diff.setDetectRenames(true);
                List<FilePatch> files = new ArrayList<>();
                for (DiffEntry entry : diff.scan(
                        Revs.require(db, walk, from).getTree(),
                        Revs.require(db, walk, head).getTree())) {
                    if (files.size() == History.MAX_DIFF_FILES) {
                        break;
                    }
                    FileHeader header = diff.toFileHeader(entry);
                    boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
                    int added = 0;
                    int deleted = 0;
                    for (Edit edit : header.toEditList()) {
                        added += edit.getLengthB();
                        deleted += edit.getLengthA();
                    }
                    out.reset();
                    if (!binary) {
                        diff.format(entry);
                        diff.flush();
                    }
                    files.add(new FilePatch(
                            History.change(entry),
                            added,
                            deleted,
                            binary,
                            hunks(out.toString(StandardCharsets.UTF_8))));
                }
                return files;
            }
        });
    }

    /** Whether {@code head} merges into {@code base} without conflicts; writes nothing. */
    public Check check(String base, String head) {
        return call(() -> {
            try (RevWalk walk = new RevWalk(db);
                    ObjectInserter inserter = db.newObjectInserter()) {
                RevCommit b = Revs.require(db, walk, base);
                RevCommit h = Revs.require(db, walk, head);
                boolean upToDate = walk.isMergedInto(b, h);
                ResolveMerger merger = merger(inserter);
                boolean clean = merger.merge(b, h);
                return new Check(clean, clean ? List.of() : conflicts(merger), upToDate);
            }
        });
    }

    /**
     * Points {@code refs/pull/N/head} at {@code head} and {@code refs/pull/N/merge} at a test merge of {@code head}
     * into {@code base} (removed when they conflict), as GitHub maintains them.
     *
     * @return the test merge commit, empty when the two conflict
     */
    public Optional<String> updatePullRefs(int number, String base, String head, Identity committer) {
        return call(() -> {
            String prefix = "refs/pull/" + number + "/";
            setRef(prefix + "head", ObjectId.fromString(head), committer, "pull request head");
            try (RevWalk walk = new RevWalk(db);
                    ObjectInserter inserter = db.newObjectInserter()) {
                RevCommit b = Revs.require(db, walk, base);
                RevCommit h = Revs.require(db, walk, head);
                ResolveMerger merger = merger(inserter);
                if (!merger.merge(b, h)) {
                    deleteRef(prefix + "merge");
                    return Optional.empty();
                }
                ObjectId merge = commit(
                        inserter,
                        merger.getResultTreeId(),
                        List.of(b, h),
                        committer.ident(),
                        committer.ident(),
                        "Merge " + h.name() + " into " + b.name());
                setRef(prefix + "merge", merge, committer, "pull request test merge");
                return Optional.of(merge.name());
            }
        });
    }

    /**
     * Merges {@code head} into branch {@code base}, whose tip must still be {@code expectedBase} (else a
     * {@link GitException} of kind {@code CONFLICT} says the branch moved); conflicts are a {@code CONFLICT} naming
     * the files.
     *
     * @param message the merge or squash commit's message (rebased commits keep their own)
     */
    public Merged merge(
            String base, String expectedBase, String head, Method method, String message, Identity committer) {
        return call(() -> {
            ObjectId newTip;
            try (RevWalk walk = new RevWalk(db);
                    ObjectInserter inserter = db.newObjectInserter()) {
                RevCommit b = Revs.require(db, walk, expectedBase);
                RevCommit h = Revs.require(db, walk, head);
                newTip = switch (method) {
                    case MERGE -> mergeCommit(inserter, b, h, message, committer);
                    case SQUASH -> squash(inserter, walk, b, h, message, committer);
                    case REBASE -> rebase(inserter, walk, b, h, committer);
                };
                inserter.flush();
            }
            String ref = Constants.R_HEADS + base;
            var update = db.updateRef(ref);
            update.setExpectedOldObjectId(ObjectId.fromString(expectedBase));
            update.setNewObjectId(newTip);
            update.setRefLogIdent(committer.ident());
            update.setRefLogMessage(
                    "merge " + head + " (" + method.name().toLowerCase(java.util.Locale.ROOT) + ")", false);
            var result = update.update();
            if (result != org.eclipse.jgit.lib.RefUpdate.Result.FAST_FORWARD
                    && result != org.eclipse.jgit.lib.RefUpdate.Result.NEW) {
                throw new GitException(
                        GitException.Kind.CONFLICT, "branch " + base + " moved while merging; try again");
            }
            var command = new ReceiveCommand(ObjectId.fromString(expectedBase), newTip, ref);
            List<ObjectId> tips = db.getRefDatabase().getRefs().stream()
                    .map(Ref::getObjectId)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            return new Merged(newTip.name(), new PushEvents(db, 20).update(command, tips));
        });
    }

    /** Deletes branch {@code name} if it still points at {@code expected}; false when it moved or is gone. */
    public boolean deleteBranch(String name, String expected, Identity who) {
        return call(() -> {
            Ref ref = db.exactRef(Constants.R_HEADS + name);
            if (ref == null || !ObjectId.fromString(expected).equals(ref.getObjectId())) {
                return false;
            }
            var update = db.updateRef(Constants.R_HEADS + name);
            update.setExpectedOldObjectId(ref.getObjectId());
            update.setRefLogIdent(who.ident());
            update.setForceUpdate(true);
            var result = update.delete();
            return result == org.eclipse.jgit.lib.RefUpdate.Result.FORCED;
        });
    }

    private ObjectId mergeCommit(ObjectInserter inserter, RevCommit b, RevCommit h, String message, Identity who)
            throws IOException {
        ResolveMerger merger = merger(inserter);
        if (!merger.merge(b, h)) {
            throw conflict(merger);
        }
        return commit(inserter, merger.getResultTreeId(), List.of(b, h), who.ident(), who.ident(), message);
    }

    private ObjectId squash(
            ObjectInserter inserter, RevWalk walk, RevCommit b, RevCommit h, String message, Identity who)
            throws IOException {
        ResolveMerger merger = merger(inserter);
        if (!merger.merge(b, h)) {
            throw conflict(merger);
        }
        walk.parseBody(h);
        return commit(inserter, merger.getResultTreeId(), List.of(b), h.getAuthorIdent(), who.ident(), message);
    }

    private ObjectId rebase(ObjectInserter inserter, RevWalk walk, RevCommit b, RevCommit h, Identity who)
            throws IOException {
        List<RevCommit> picks = new ArrayList<>();
        try (RevWalk w = new RevWalk(db)) {
            w.markStart(w.parseCommit(h));
            w.markUninteresting(w.parseCommit(b));
            for (RevCommit c : w) {
                if (c.getParentCount() > 1) {
                    throw new GitException(
                            GitException.Kind.CONFLICT,
                            "cannot rebase: commit " + c.abbreviate(7).name() + " is a merge commit");
                }
                picks.add(c);
            }
        }
        RevCommit tip = b;
        for (RevCommit c : picks.reversed()) {
            RevCommit pick = walk.parseCommit(c);
            ResolveMerger merger = merger(inserter);
            merger.setBase(pick.getParent(0));
            if (!merger.merge(tip, pick)) {
                throw conflict(merger);
            }
            ObjectId id = commit(
                    inserter,
                    merger.getResultTreeId(),
                    List.of(tip),
                    pick.getAuthorIdent(),
                    who.ident(),
                    pick.getFullMessage());
            inserter.flush();
            tip = walk.parseCommit(id);
        }
        return tip;
    }

    private ResolveMerger merger(ObjectInserter inserter) {
        return (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, db.getConfig());
    }

    private static ObjectId commit(
            ObjectInserter inserter,
            ObjectId tree,
            List<? extends ObjectId> parents,
            PersonIdent author,
            PersonIdent committer,
            String message)
            throws IOException {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        cb.setParentIds(parents.toArray(ObjectId[]::new));
        cb.setAuthor(author);
        cb.setCommitter(committer);
        cb.setMessage(message.endsWith("\n") ? message : message + "\n");
        ObjectId id = inserter.insert(cb);
        inserter.flush();
        return id;
    }

    private void setRef(String name, ObjectId id, Identity who, String why) throws IOException {
        var update = db.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.setRefLogIdent(who.ident());
        update.setRefLogMessage(why, false);
        update.update();
    }

    private void deleteRef(String name) throws IOException {
        if (db.exactRef(name) != null) {
            var update = db.updateRef(name);
            update.setForceUpdate(true);
            update.delete();
        }
    }

    private static List<String> conflicts(ResolveMerger merger) {
        List<String> paths = new ArrayList<>(merger.getUnmergedPaths());
        if (merger.getFailingPaths() != null) {
            paths.addAll(merger.getFailingPaths().keySet());
        }
        return paths.stream().distinct().sorted().toList();
    }

    private static GitException conflict(ResolveMerger merger) {
        return new GitException(
                GitException.Kind.CONFLICT, "merge conflict in " + String.join(", ", conflicts(merger)));
    }

    /** The hunks of one file's diff, without git's {@code diff --git}/index/---/+++ header lines. */
    private static String hunks(String formatted) {
        int at = formatted.indexOf("\n@@");
        return at < 0 ? "" : formatted.substring(at + 1);
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private <T> T call(IoCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw Revs.io(e);
        }
    }
}
