package dev.slipway.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * An open hosted repository with the read helpers the UI, the API and the pipeline trigger need. Close it after use.
 *
 * <p>A {@code rev} argument is a branch or tag name, a full ref, a commit id or an abbreviation of one; an unknown
 * revision yields an empty result and an unparseable or ambiguous one a {@link GitException} of kind
 * {@code INVALID_REF}. Paths are relative to the repository root, with {@code /} separators and no {@code ..}.
 * Not thread-safe: use one handle per thread (opening is cheap, JGit caches repositories).
 */
public final class HostedRepo implements AutoCloseable {
    private final RepoName repo;
    private final Repository db;
    private final boolean owned;

    HostedRepo(RepoName repo, Repository db) {
        this(repo, db, true);
    }

    private HostedRepo(RepoName repo, Repository db, boolean owned) {
        this.repo = repo;
        this.db = db;
        this.owned = owned;
    }

    /** A handle on a repository someone else closes (the hooks lend the request's repository to the rules). */
    static HostedRepo borrowed(RepoName repo, Repository db) {
        return new HostedRepo(repo, db, false);
    }

    /** The repository's name. */
    public RepoName repo() {
        return repo;
    }

    /** The description written at creation. */
    public String description() {
        try {
            Path file = db.getDirectory().toPath().resolve("description");
            return Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : "";
        } catch (IOException e) {
            throw Revs.io(e);
        }
    }

    /** Whether the repository has no refs at all (nothing pushed yet). */
    public boolean isEmpty() {
        return call(() -> !db.getRefDatabase().hasRefs());
    }

    /** Branches sorted by name, with their tip commits. */
    public List<Branch> branches() {
        return call(() -> new Refs(db).branches());
    }

    /** Tags sorted by name, lightweight and annotated. */
    public List<Tag> tags() {
        return call(() -> new Refs(db).tags());
    }

    /**
     * Creates lightweight tag {@code name} at the commit {@code rev} names (a branch, a tag or a commit id), as a
     * release of a tag that does not exist yet does. No push event is sent: {@link #createdRef} makes one.
     *
     * @return the tagged commit's id
     * @throws GitException {@code INVALID_NAME} for a name git does not allow, {@code NOT_FOUND} when {@code rev} names
     *     no commit, {@code ALREADY_EXISTS} when the tag exists (it is never moved)
     */
    public String createTag(String name, String rev) {
        return call(() -> new Refs(db).createTag(name, rev));
    }

    /**
     * What a push that created {@code ref} at its current commit would report (the commits no other ref has, else the
     * commit itself as the head): for a ref the server made itself, such as a release's tag, so that its push
     * workflows run as they would for a pushed one.
     *
     * @throws GitException {@code NOT_FOUND} when {@code ref} does not exist
     */
    public RefUpdate createdRef(String ref) {
        return call(() -> {
            var created = db.exactRef(ref);
            if (created == null || created.getObjectId() == null) {
                throw new GitException(GitException.Kind.NOT_FOUND, "no ref " + ref);
            }
            var command = new org.eclipse.jgit.transport.ReceiveCommand(
                    org.eclipse.jgit.lib.ObjectId.zeroId(), created.getObjectId(), ref);
            List<org.eclipse.jgit.lib.ObjectId> others = db.getRefDatabase().getRefs().stream()
                    .filter(r -> !r.getName().equals(ref))
                    .map(org.eclipse.jgit.lib.Ref::getObjectId)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            return new PushEvents(db, 20).update(command, others);
        });
    }

    /** The branch HEAD points at (it may not exist yet in an empty repository). */
    public String defaultBranch() {
        return call(() -> new Refs(db).defaultBranch());
    }

    /** Points HEAD at {@code branch}, which must exist unless nothing has been pushed yet. */
    public void setDefaultBranch(String branch) {
        call(() -> {
            new Refs(db).setDefaultBranch(branch);
            return true;
        });
    }

    /** The commit id {@code rev} names, if any. */
    public Optional<String> resolve(String rev) {
        return call(() -> {
            try (var walk = new org.eclipse.jgit.revwalk.RevWalk(db)) {
                return Revs.commit(db, walk, rev).map(c -> c.name());
            }
        });
    }

    /** History from {@code rev}, newest first, skipping {@code skip} commits and returning at most {@code limit}. */
    public LogPage log(String rev, int skip, int limit) {
        return call(() -> new History(db).log(rev, skip, limit));
    }

    /** One commit with its changed files and line statistics against its first parent. */
    public Optional<CommitDetail> commit(String rev) {
        return call(() -> new History(db).commit(rev));
    }

    /**
     * The files that differ between two commits (renames detected), for path filters. {@code before} may be "" or
     * the all-zero id (a new branch), meaning the empty tree.
     */
    public List<FileChange> changedFiles(String before, String after) {
        return call(() -> new History(db).changedFiles(before, after));
    }

    /** The entries of directory {@code path} ("" for the root) at {@code rev}, directories first. */
    public Optional<List<TreeEntry>> tree(String rev, String path) {
        return call(() -> new Trees(db).tree(rev, path));
    }

    /** The file at {@code path}, reading at most {@code maxBytes}. */
    public Optional<Blob> blob(String rev, String path, int maxBytes) {
        return call(() -> new Trees(db).blob(rev, path, maxBytes));
    }

    /** The entry at {@code path} (not "") at {@code rev}: a file, symlink, directory or submodule. */
    public Optional<TreeEntry> entry(String rev, String path) {
        return call(() -> new Trees(db).entry(rev, path));
    }

    /** The URL {@code .gitmodules} at {@code rev} gives the submodule at {@code path}, if it names one. */
    public Optional<String> submoduleUrl(String rev, String path) {
        return fileAt(rev, ".gitmodules").flatMap(text -> {
            var config = new org.eclipse.jgit.lib.Config();
            try {
                config.fromText(text);
            } catch (org.eclipse.jgit.errors.ConfigInvalidException e) {
                return Optional.empty();
            }
            return config.getSubsections("submodule").stream()
                    .filter(name -> path.equals(config.getString("submodule", name, "path")))
                    .map(name -> config.getString("submodule", name, "url"))
                    .filter(java.util.Objects::nonNull)
                    .findFirst();
        });
    }

    /**
     * Writes the bytes of blob {@code sha} (as {@link TreeEntry#sha()} names it) to {@code out} as they are read, for
     * files too large to hold in memory.
     *
     * @throws GitException {@code NOT_FOUND} when the repository has no such blob
     */
    public void writeBlob(String sha, OutputStream out) {
        call(() -> {
            new Trees(db).writeBlob(sha, out);
            return true;
        });
    }

    /** The size of blob {@code sha}; empty when the repository has no such blob. */
    public Optional<Long> blobSize(String sha) {
        return call(() -> new GitObjects(db).blobSize(sha));
    }

    /**
     * The tree {@code treeIsh} names (a tree id, or a commit or ref: its tree), with its subtrees' entries when {@code
     * recursive}, each directory before what it holds.
     */
    public Optional<TreeObject> treeObject(String treeIsh, boolean recursive) {
        return call(() -> new GitObjects(db).tree(treeIsh, recursive));
    }

    /**
     * Writes the tree of the commit {@code rev} names as a source archive to {@code out}, each entry under {@code
     * prefix} (which ends with {@code /}), modes kept, the commit's time on every entry. Closes {@code out}.
     *
     * @throws GitException {@code NOT_FOUND} when {@code rev} names no commit
     */
    public void archive(String rev, ArchiveFormat format, String prefix, OutputStream out) {
        Archives.write(db, rev, format, prefix, out);
    }

    /** The README of directory {@code path}: README.md, else README, else another readme.* (first MiB). */
    public Optional<Blob> readme(String rev, String path) {
        return call(() -> new Trees(db).readme(rev, path));
    }

    /** The UTF-8 text of a file (up to 16 MiB, else {@code TOO_LARGE}), e.g. a workflow at a pushed commit. */
    public Optional<String> fileAt(String rev, String path) {
        return call(() -> new Trees(db).fileAt(rev, path));
    }

    /**
     * The {@code *.yml}/{@code *.yaml} files directly in {@code .github/workflows} and {@code .slipway/workflows} at
     * {@code rev}, sorted by file name; on equal file names the {@code .slipway} one wins.
     */
    public List<WorkflowFile> listWorkflowFiles(String rev) {
        return call(() -> new Trees(db).workflows(rev));
    }

    /** Pull request operations: compare, test merges, merge, squash, rebase. */
    public Merges merges() {
        return new Merges(db);
    }

    @Override
    public void close() {
        if (owned) {
            db.close();
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static <T> T call(IoCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw Revs.io(e);
        }
    }
}
