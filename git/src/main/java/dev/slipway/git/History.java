package dev.slipway.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** Commit logs and diffs of one repository. */
final class History {
    /** Diffs of commits touching more files than this are cut (the UI shows the first files only). */
    static final int MAX_DIFF_FILES = 3000;

    private final Repository db;

    History(Repository db) {
        this.db = db;
    }

    LogPage log(String rev, int skip, int limit) throws IOException {
        if (skip < 0 || limit < 1) {
            throw new IllegalArgumentException("skip must be >= 0 and limit >= 1");
        }
        try (RevWalk walk = new RevWalk(db)) {
            Optional<RevCommit> start = Revs.commit(db, walk, rev);
            if (start.isEmpty()) {
                return new LogPage(List.of(), false);
            }
            walk.markStart(start.get());
            List<Commit> page = new ArrayList<>();
            int seen = 0;
            for (RevCommit c : walk) {
                if (seen++ < skip) {
                    continue;
                }
                if (page.size() == limit) {
                    return new LogPage(page, true);
                }
                page.add(Commit.of(c));
            }
            return new LogPage(page, false);
        }
    }

    Optional<CommitDetail> commit(String rev) throws IOException {
        try (RevWalk walk = new RevWalk(db);
                DiffFormatter diff = formatter()) {
            Optional<RevCommit> found = Revs.commit(db, walk, rev);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            RevCommit c = found.get();
            ObjectId parentTree = c.getParentCount() == 0
                    ? null
                    : walk.parseCommit(c.getParent(0)).getTree();
            List<FileDiff> files = new ArrayList<>();
            for (DiffEntry entry : scan(diff, parentTree, c.getTree())) {
                if (files.size() == MAX_DIFF_FILES) {
                    break;
                }
                files.add(stat(diff, entry));
            }
            return Optional.of(new CommitDetail(Commit.of(c), files));
        }
    }

    /** Files changed from {@code before} to {@code after}; a missing or all-zero {@code before} means the empty tree. */
    List<FileChange> changedFiles(String before, String after) throws IOException {
        try (RevWalk walk = new RevWalk(db);
                DiffFormatter diff = formatter()) {
            RevTree afterTree = Revs.require(db, walk, after).getTree();
            RevTree beforeTree = before.isEmpty() || ObjectId.zeroId().name().equals(before)
                    ? null
                    : Revs.require(db, walk, before).getTree();
            return scan(diff, beforeTree, afterTree).stream()
                    .map(History::change)
                    .toList();
        }
    }

    private DiffFormatter formatter() {
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE);
        diff.setRepository(db);
        diff.setDetectRenames(true);
        return diff;
    }

    private List<DiffEntry> scan(DiffFormatter diff, ObjectId oldTree, ObjectId newTree) throws IOException {
        try (ObjectReader reader = db.newObjectReader()) {
            return diff.scan(iterator(reader, oldTree), iterator(reader, newTree));
        }
    }

    private static AbstractTreeIterator iterator(ObjectReader reader, ObjectId tree) throws IOException {
        return tree == null ? new EmptyTreeIterator() : new CanonicalTreeParser(null, reader, tree);
    }

    private static FileDiff stat(DiffFormatter diff, DiffEntry entry) throws IOException {
        FileHeader header = diff.toFileHeader(entry);
        boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
        int added = 0;
        int deleted = 0;
        for (Edit edit : header.toEditList()) {
            added += edit.getLengthB();
            deleted += edit.getLengthA();
        }
        return new FileDiff(change(entry), added, deleted, binary);
    }

    static FileChange change(DiffEntry entry) {
        return switch (entry.getChangeType()) {
            case ADD, COPY -> new FileChange(FileChange.Type.ADDED, entry.getNewPath(), Optional.empty());
            case DELETE -> new FileChange(FileChange.Type.REMOVED, entry.getOldPath(), Optional.empty());
            case MODIFY -> new FileChange(FileChange.Type.MODIFIED, entry.getNewPath(), Optional.empty());
            case RENAME -> new FileChange(FileChange.Type.RENAMED, entry.getNewPath(), Optional.of(entry.getOldPath()));
        };
    }
}
