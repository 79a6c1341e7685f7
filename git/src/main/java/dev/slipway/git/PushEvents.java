package dev.slipway.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Turns received commands into {@link RefUpdate}s with the commits and files GitHub's push payload needs. */
final class PushEvents {
    static final int COUNT_LIMIT = 10_000;

    private final Repository db;
    private final int maxCommits;

    PushEvents(Repository db, int maxCommits) {
        this.db = db;
        this.maxCommits = maxCommits;
    }

    static RefChange change(ReceiveCommand cmd) {
        RefChange.Type type = switch (cmd.getType()) {
            case CREATE -> RefChange.Type.CREATE;
            case UPDATE -> RefChange.Type.UPDATE;
            case UPDATE_NONFASTFORWARD -> RefChange.Type.FORCE;
            case DELETE -> RefChange.Type.DELETE;
        };
        return new RefChange(
                cmd.getRefName(), cmd.getOldId().name(), cmd.getNewId().name(), type);
    }

    /** {@code tipsBefore}: every ref value before the push, to tell which commits a new ref brings. */
    RefUpdate update(ReceiveCommand cmd, Collection<? extends AnyObjectId> tipsBefore) throws IOException {
        RefChange change = change(cmd);
        if (change.type() == RefChange.Type.DELETE) {
            return new RefUpdate(change, List.of(), 0);
        }
        try (RevWalk walk = new RevWalk(db)) {
            Optional<RevCommit> head = peelToCommit(walk, cmd.getNewId());
            if (head.isEmpty()) {
                return new RefUpdate(change, List.of(), 0);
            }
            walk.setRetainBody(false);
            walk.markStart(head.get());
            if (change.type() == RefChange.Type.CREATE) {
                for (AnyObjectId tip : tipsBefore) {
                    peelToCommit(walk, tip).ifPresent(c -> uninteresting(walk, c));
                }
            } else {
                peelToCommit(walk, cmd.getOldId()).ifPresent(c -> uninteresting(walk, c));
            }
            List<RevCommit> newest = new ArrayList<>();
            int total = 0;
            for (RevCommit c : walk) {
                if (newest.size() < maxCommits) {
                    newest.add(c);
                }
                if (++total == COUNT_LIMIT) {
                    break;
                }
            }
            List<PushedCommit> commits = new ArrayList<>();
            for (RevCommit c : newest.reversed()) {
                walk.parseBody(c);
                commits.add(pushed(walk, c));
            }
            if (commits.isEmpty()) {
                walk.parseBody(head.get());
                return new RefUpdate(change, commits, total, Optional.of(pushed(walk, head.get())));
            }
            return new RefUpdate(change, commits, total);
        }
    }

    private PushedCommit pushed(RevWalk walk, RevCommit c) throws IOException {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(db)) {
            if (c.getParentCount() == 0) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
            }
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            for (DiffEntry e : DiffEntry.scan(tw)) {
                switch (e.getChangeType()) {
                    case ADD, COPY -> added.add(e.getNewPath());
                    case DELETE -> removed.add(e.getOldPath());
                    case MODIFY -> modified.add(e.getNewPath());
                    case RENAME -> {
                        removed.add(e.getOldPath());
                        added.add(e.getNewPath());
                    }
                }
            }
        }
        Person author = Person.of(c.getAuthorIdent());
        return new PushedCommit(
                c.name(),
                c.getTree().name(),
                c.getFullMessage(),
                author,
                Person.of(c.getCommitterIdent()),
                author.when(),
                added,
                removed,
                modified);
    }

    private static Optional<RevCommit> peelToCommit(RevWalk walk, AnyObjectId id) {
        if (ObjectId.zeroId().equals(id)) {
            return Optional.empty();
        }
        try {
            RevObject obj = walk.peel(walk.parseAny(id));
            return obj instanceof RevCommit c ? Optional.of(c) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a ref to a missing object must not break the event
        }
    }

    private static void uninteresting(RevWalk walk, RevCommit c) {
        try {
            walk.markUninteresting(c);
        } catch (IOException e) {
            throw Revs.io(e);
        }
    }
}
