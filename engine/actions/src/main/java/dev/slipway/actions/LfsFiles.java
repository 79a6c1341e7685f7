package dev.slipway.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code actions/checkout}'s {@code lfs: true}: replaces each Git LFS pointer file of the checkout by the file it
 * points to, as {@code git lfs fetch} and {@code git lfs checkout} do, taking the objects from the source repository's
 * LFS store ({@code .git/lfs/objects/<2>/<2>/<oid>}, where {@code git lfs pull} keeps them) instead of the network.
 * The objects are copied into the checkout's own store too, so {@code git lfs} in the job finds them.
 *
 * <p>A pointer is recognised by its content (the LFS specification's {@code version}, {@code oid sha256:} and {@code
 * size} lines, under 1024 bytes), not by {@code .gitattributes}: a file that is a valid pointer is one in practice.
 */
final class LfsFiles {
    /** Pointers are smaller than this (git-lfs's own limit for reading one). */
    private static final int MAX_POINTER = 1024;

    private static final Pattern POINTER =
            Pattern.compile("version https://(?:git-lfs\\.github\\.com/spec/v1|hawser\\.github\\.com/spec/v1)\n"
                    + "(?:[a-z0-9.-]+ [^\n]*\n)*?"
                    + "oid sha256:([0-9a-f]{64})\n"
                    + "size ([0-9]+)\n"
                    + "(?:[a-z0-9.-]+ [^\n]*\n)*");

    private LfsFiles() {}

    record Pointer(String path, String oid, long size) {}

    /**
     * Replaces the pointer files checked out in {@code target} (those its index holds and its work tree has) by their
     * objects from {@code source}'s LFS store; returns how many.
     *
     * @throws IllegalArgumentException naming the files whose objects the store lacks
     */
    static int smudge(Repository source, Repository target) throws IOException {
        Path store = source.getCommonDirectory().toPath().resolve("lfs").resolve("objects");
        Path own = target.getCommonDirectory().toPath().resolve("lfs").resolve("objects");
        Path workTree = target.getWorkTree().toPath();
        DirCache index = target.lockDirCache();
        try {
            List<Pointer> pointers = pointers(target, index, workTree);
            List<String> missing = new ArrayList<>();
            for (Pointer p : pointers) {
                Path object = objectPath(store, p.oid());
                if (!Files.isRegularFile(object) || Files.size(object) != p.size()) {
                    missing.add(p.path() + " (sha256:" + p.oid().substring(0, 12) + ", " + p.size() + " bytes)");
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("lfs: " + missing.size() + " of " + pointers.size()
                        + " Git LFS files are not in " + store + ": "
                        + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                        + (missing.size() > 5 ? ", ..." : "") + hint(source));
            }
            for (Pointer p : pointers) {
                Path object = objectPath(store, p.oid());
                Path copy = objectPath(own, p.oid());
                Files.createDirectories(copy.getParent());
                LocalObjects.copyFile(object, copy);
                Path file = workTree.resolve(p.path());
                Files.copy(copy, file, StandardCopyOption.REPLACE_EXISTING);
                // the index keeps the pointer's id with the file's stat data, as git-lfs's smudge leaves it
                DirCacheEntry entry = index.getEntry(p.path());
                BasicFileAttributes attrs =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                entry.setLength(attrs.size());
                entry.setLastModified(attrs.lastModifiedTime().toInstant());
            }
            if (!pointers.isEmpty()) {
                index.write();
                index.commit();
            }
            return pointers.size();
        } finally {
            index.unlock();
        }
    }

    private static List<Pointer> pointers(Repository repo, DirCache index, Path workTree) throws IOException {
        List<Pointer> found = new ArrayList<>();
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry entry = index.getEntry(i);
            FileMode mode = entry.getFileMode();
            if (entry.isSkipWorkTree()
                    || (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE)
                    || !Files.isRegularFile(workTree.resolve(entry.getPathString()), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            ObjectLoader blob = repo.open(entry.getObjectId());
            if (blob.getSize() >= MAX_POINTER) {
                continue;
            }
            parse(new String(blob.getBytes(), StandardCharsets.UTF_8))
                    .ifPresent(p -> found.add(new Pointer(entry.getPathString(), p.oid(), p.size())));
        }
        return found;
    }

    /** The pointer {@code text} is, or empty. */
    static Optional<Pointer> parse(String text) {
        Matcher m = POINTER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Pointer("", m.group(1), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path objectPath(Path store, String oid) {
        return store.resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    }

    private static String hint(Repository source) {
        return source.isBare()
                ? " (this repository has no Git LFS store here)"
                : ". Run 'git lfs fetch' (or 'git lfs pull') in " + source.getWorkTree();
    }
}
