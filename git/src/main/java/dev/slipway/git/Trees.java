package dev.slipway.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Directory listings and file contents at a revision. */
final class Trees {
    static final int FILE_AT_LIMIT = 16 * 1024 * 1024;
    static final int README_LIMIT = 1024 * 1024;
    private static final List<String> WORKFLOW_DIRS = List.of(".github/workflows", ".slipway/workflows");

    private final Repository db;

    Trees(Repository db) {
        this.db = db;
    }

    /** Entries of directory {@code path} ("" for the root), directories first; empty if it is not a directory. */
    Optional<List<TreeEntry>> tree(String rev, String path) throws IOException {
        String dir = normalize(path);
        try (RevWalk walk = new RevWalk(db);
                ObjectReader reader = db.newObjectReader()) {
            Optional<RevCommit> commit = Revs.commit(db, walk, rev);
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            try (TreeWalk tw = new TreeWalk(reader)) {
                if (dir.isEmpty()) {
                    tw.addTree(commit.get().getTree());
                } else {
                    try (TreeWalk at =
                            TreeWalk.forPath(reader, dir, commit.get().getTree())) {
                        if (at == null || !FileMode.TREE.equals(at.getFileMode(0))) {
                            return Optional.empty();
                        }
                        tw.addTree(at.getObjectId(0));
                    }
                }
                List<TreeEntry> entries = new ArrayList<>();
                while (tw.next()) {
                    entries.add(entry(reader, tw, dir));
                }
                entries.sort(Comparator.comparing((TreeEntry e) -> e.type() != TreeEntry.Type.DIRECTORY)
                        .thenComparing(TreeEntry::name));
                return Optional.of(entries);
            }
        }
    }

    /** The entry at {@code path} ("" has none: the root is no entry); empty if there is none. */
    Optional<TreeEntry> entry(String rev, String path) throws IOException {
        return atPath(rev, path, (reader, at, p) -> {
            int slash = p.lastIndexOf('/');
            return Optional.of(entry(reader, at, slash < 0 ? "" : p.substring(0, slash)));
        });
    }

    private interface AtPath<T> {
        Optional<T> read(ObjectReader reader, TreeWalk at, String path) throws IOException;
    }

    /** What {@code read} makes of the entry at {@code path} of {@code rev}; empty when either does not exist. */
    private <T> Optional<T> atPath(String rev, String path, AtPath<T> read) throws IOException {
        String p = normalize(path);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(db);
                ObjectReader reader = db.newObjectReader()) {
            Optional<RevCommit> commit = Revs.commit(db, walk, rev);
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            try (TreeWalk at = TreeWalk.forPath(reader, p, commit.get().getTree())) {
                return at == null ? Optional.empty() : read.read(reader, at, p);
            }
        }
    }

    /** Copies blob {@code sha} to {@code out}, streamed. */
    void writeBlob(String sha, OutputStream out) throws IOException {
        if (!ObjectId.isId(sha)) {
            throw new GitException(GitException.Kind.NOT_FOUND, "no blob " + sha);
        }
        try (ObjectReader reader = db.newObjectReader()) {
            reader.open(ObjectId.fromString(sha), Constants.OBJ_BLOB).copyTo(out);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new GitException(GitException.Kind.NOT_FOUND, "no blob " + sha, e);
        }
    }

    /** The file at {@code path}, at most {@code maxBytes} of it; empty if absent or not a file. */
    Optional<Blob> blob(String rev, String path, int maxBytes) throws IOException {
        return atPath(rev, path, (reader, at, file) -> {
            int type = at.getRawMode(0) & FileMode.TYPE_MASK;
            if (type != FileMode.TYPE_FILE && type != FileMode.TYPE_SYMLINK) {
                return Optional.empty();
            }
            ObjectLoader loader = reader.open(at.getObjectId(0), Constants.OBJ_BLOB);
            long size = loader.getSize();
            byte[] bytes;
            try (InputStream in = loader.openStream()) {
                bytes = in.readNBytes((int) Math.min(size, maxBytes));
            }
            boolean binary = RawText.isBinary(bytes, Math.min(bytes.length, 8000), true);
            return Optional.of(new Blob(file, at.getObjectId(0).name(), size, binary, size > bytes.length, bytes));
        });
    }

    /** The README of directory {@code path}: README.md, then README, then any other readme.* (case-insensitive). */
    Optional<Blob> readme(String rev, String path) throws IOException {
        Optional<List<TreeEntry>> entries = tree(rev, path);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<TreeEntry> best = entries.get().stream()
                .filter(e -> e.type() == TreeEntry.Type.FILE || e.type() == TreeEntry.Type.EXECUTABLE)
                .filter(e -> readmeRank(e.name()) < Integer.MAX_VALUE)
                .min(Comparator.comparingInt((TreeEntry e) -> readmeRank(e.name()))
                        .thenComparing(TreeEntry::name));
        return best.isEmpty() ? Optional.empty() : blob(rev, best.get().path(), README_LIMIT);
    }

    /** The UTF-8 text of the file at {@code path}; fails with {@code TOO_LARGE} beyond 16 MiB. */
    Optional<String> fileAt(String rev, String path) throws IOException {
        Optional<Blob> blob = blob(rev, path, FILE_AT_LIMIT);
        if (blob.isPresent() && blob.get().truncated()) {
            throw new GitException(GitException.Kind.TOO_LARGE, path + " is larger than " + FILE_AT_LIMIT + " bytes");
        }
        return blob.map(b -> new String(b.bytes(), StandardCharsets.UTF_8));
    }

    /** Workflow files at a commit, by file name; a {@code .slipway/workflows} file wins over a namesake in {@code .github}. */
    List<WorkflowFile> workflows(String rev) throws IOException {
        Map<String, WorkflowFile> byName = new TreeMap<>();
        for (String dir : WORKFLOW_DIRS) { // later directories override earlier ones
            for (TreeEntry e : tree(rev, dir).orElse(List.of())) {
                String lower = e.name().toLowerCase(Locale.ROOT);
                boolean yaml = lower.endsWith(".yml") || lower.endsWith(".yaml");
                if (yaml && (e.type() == TreeEntry.Type.FILE || e.type() == TreeEntry.Type.EXECUTABLE)) {
                    String text = fileAt(rev, e.path()).orElseThrow();
                    byName.put(e.name(), new WorkflowFile(e.path(), e.sha(), text));
                }
            }
        }
        return List.copyOf(byName.values());
    }

    private static int readmeRank(String name) {
        if (name.equals("README.md")) {
            return 0;
        }
        if (name.equals("README")) {
            return 1;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("readme.md")) {
            return 2;
        }
        return lower.equals("readme") || lower.startsWith("readme.") ? 3 : Integer.MAX_VALUE;
    }

    static TreeEntry entry(ObjectReader reader, TreeWalk tw, String dir) throws IOException {
        int raw = tw.getRawMode(0);
        FileMode mode = tw.getFileMode(0);
        TreeEntry.Type type;
        if (FileMode.TREE.equals(mode)) {
            type = TreeEntry.Type.DIRECTORY;
        } else if (FileMode.GITLINK.equals(mode)) {
            type = TreeEntry.Type.SUBMODULE;
        } else if (FileMode.SYMLINK.equals(mode)) {
            type = TreeEntry.Type.SYMLINK;
        } else if (FileMode.EXECUTABLE_FILE.equals(mode)) {
            type = TreeEntry.Type.EXECUTABLE;
        } else {
            type = TreeEntry.Type.FILE;
        }
        boolean blob = type != TreeEntry.Type.DIRECTORY && type != TreeEntry.Type.SUBMODULE;
        OptionalLong size = blob
                ? OptionalLong.of(reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB))
                : OptionalLong.empty();
        String name = tw.getNameString();
        String path = dir.isEmpty() ? name : dir + "/" + name;
        return new TreeEntry(
                name,
                path,
                type,
                String.format("%06o", raw),
                size,
                tw.getObjectId(0).name());
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (String part : p.split("/", -1)) {
            if (!p.isEmpty() && (part.isEmpty() || part.equals(".") || part.equals(".."))) {
                throw new GitException(GitException.Kind.INVALID_NAME, "invalid path '" + path + "'");
            }
        }
        return p;
    }
}
