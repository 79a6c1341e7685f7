package dev.slipway.actions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Resolves refs to commits and writes a commit's tree to a plain directory (no {@code .git}). */
final class TreeExport {
    private TreeExport() {}

    /** The commit {@code ref} names: a tag, a branch, or a (possibly abbreviated) commit id. */
    static Optional<ObjectId> resolveCommit(Repository repo, String ref) throws IOException {
        for (String candidate :
                new String[] {Constants.R_TAGS + ref, Constants.R_HEADS + ref, Constants.R_REMOTES + "origin/" + ref}) {
            Ref found = repo.exactRef(candidate);
            if (found != null) {
                return Optional.of(peel(repo, found.getObjectId()));
            }
        }
        if (ref.matches("[0-9a-fA-F]{4,40}")) {
            try {
                ObjectId id = repo.resolve(ref);
                if (id != null && repo.getObjectDatabase().has(id)) {
                    return Optional.of(peel(repo, id));
                }
            } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ObjectId peel(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            return commit.getId();
        }
    }

    /** Writes the tree of {@code commit} into {@code target} (an existing empty directory). */
    static void export(Repository repo, ObjectId commit, Path target) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                Path dest = target.resolve(tree.getPathString());
                Files.createDirectories(dest.getParent());
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.SYMLINK) {
                    byte[] link = repo.open(tree.getObjectId(0)).getBytes();
                    Files.createSymbolicLink(dest, Path.of(new String(link, StandardCharsets.UTF_8)));
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    try (OutputStream out = Files.newOutputStream(dest)) {
                        repo.open(tree.getObjectId(0)).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                } else if (mode == FileMode.GITLINK) {
                    Files.createDirectories(dest);
                }
            }
        }
    }
}
