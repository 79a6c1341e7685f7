package dev.slipway.actions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Checks out a commit into a work tree that has no HEAD yet, writing files directly and building the index from
 * their stat data: several times faster than JGit's general checkout, which guards against existing files.
 */
final class FreshCheckout {
    private FreshCheckout() {}

    static void run(Repository repo, ObjectId commit) throws IOException {
        run(repo, commit, path -> true);
    }

    /**
     * Checks out the files of {@code commit} whose paths {@code included} accepts (a sparse checkout); the index holds
     * every entry, those left out without stat data.
     */
    static void run(Repository repo, ObjectId commit, Predicate<String> included) throws IOException {
        Path root = repo.getWorkTree().toPath();
        DirCache index = repo.lockDirCache();
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            DirCacheBuilder builder = index.builder();
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            // each directory made once, not asked for again for every file in it (a failed mkdir and a stat each)
            Set<Path> made = new HashSet<>();
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (!included.test(tree.getPathString())) {
                    DirCacheEntry skipped = new DirCacheEntry(tree.getRawPath());
                    skipped.setFileMode(mode);
                    skipped.setObjectId(tree.getObjectId(0));
                    builder.add(skipped);
                    continue;
                }
                Path dest = root.resolve(tree.getPathString());
                if (made.add(dest.getParent())) {
                    Files.createDirectories(dest.getParent());
                }
                if (mode == FileMode.GITLINK) {
                    Files.createDirectories(dest);
                } else if (mode == FileMode.SYMLINK) {
                    byte[] link = reader.open(tree.getObjectId(0)).getBytes();
                    Files.deleteIfExists(dest);
                    Files.createSymbolicLink(dest, Path.of(new String(link, StandardCharsets.UTF_8)));
                } else {
                    try (OutputStream out = Files.newOutputStream(dest)) {
                        reader.open(tree.getObjectId(0)).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                DirCacheEntry entry = new DirCacheEntry(tree.getRawPath());
                entry.setFileMode(mode);
                entry.setObjectId(tree.getObjectId(0));
                if (mode != FileMode.GITLINK) {
                    BasicFileAttributes attrs = Files.readAttributes(
                            dest, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    entry.setLength(attrs.size());
                    entry.setLastModified(attrs.lastModifiedTime().toInstant());
                }
                builder.add(entry);
            }
            builder.commit();
        } finally {
            index.unlock();
        }
        RefUpdate head = repo.updateRef("HEAD", true);
        head.setNewObjectId(commit);
        head.forceUpdate();
    }
}
