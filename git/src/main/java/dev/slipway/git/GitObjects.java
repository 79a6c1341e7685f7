package dev.slipway.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Blobs and trees by their ids, as git's object API reads them. */
final class GitObjects {
    private final Repository db;

    GitObjects(Repository db) {
        this.db = db;
    }

    /** The size of blob {@code sha}; empty when the repository has no such blob. */
    Optional<Long> blobSize(String sha) throws IOException {
        if (!ObjectId.isId(sha)) {
            return Optional.empty();
        }
        try (ObjectReader reader = db.newObjectReader()) {
            var id = ObjectId.fromString(sha);
            if (!reader.has(id, Constants.OBJ_BLOB)) {
                return Optional.empty();
            }
            return Optional.of(reader.getObjectSize(id, Constants.OBJ_BLOB));
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * The tree {@code treeIsh} names (a tree id, or a commit, tag or ref, meaning its tree): its id and entries, those
     * of its subtrees too when {@code recursive} (each directory before what it holds); empty when there is none.
     */
    Optional<TreeObject> tree(String treeIsh, boolean recursive) throws IOException {
        ObjectId id;
        try {
            id = treeIsh.isEmpty() || treeIsh.startsWith("-") ? null : db.resolve(treeIsh + "^{tree}");
        } catch (RevisionSyntaxException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return Optional.empty();
        }
        if (id == null) {
            return Optional.empty();
        }
        try (ObjectReader reader = db.newObjectReader();
                TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(id);
            List<TreeEntry> entries = new ArrayList<>();
            while (tw.next()) {
                String path = tw.getPathString();
                int slash = path.lastIndexOf('/');
                entries.add(Trees.entry(reader, tw, slash < 0 ? "" : path.substring(0, slash)));
                if (recursive && tw.isSubtree()) {
                    tw.enterSubtree();
                }
            }
            return Optional.of(new TreeObject(id.name(), entries));
        }
    }
}
