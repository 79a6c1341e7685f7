package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.jspecify.annotations.Nullable;

/**
 * The uncommitted changes of the repository {@code slipway run} was started in, as {@code actions/checkout} sees them.
 * GitHub's checkout gives a job the commit, and so does Slipway's; a developer trying a change locally has it in the
 * working tree, not committed yet, while the workflow files are read from the working tree. With {@link #including},
 * each checkout of that repository at its HEAD commit lays the working tree's changes over the commit (as act and
 * gitlab-ci-local give their jobs the working directory); with {@link #noting}, checkouts give the commit alone and
 * {@link #leftOut} tells afterwards what they left out. The status is read once ({@link #read}), after the first
 * checkout of the repository: a run without one reads nothing. Thread-safe.
 */
public final class WorkingTree {
    /** Checkouts never hear of a working tree (the server's runs, tests). */
    public static final WorkingTree NONE = new WorkingTree(null, false);

    private final @Nullable Path root;
    private final boolean include;
    private @Nullable CompletableFuture<Changes> changes;
    /** The commits checkouts of the working tree's repository gave their jobs. */
    private final Set<String> checkedOut = new HashSet<>();

    private WorkingTree(@Nullable Path root, boolean include) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.include = include;
    }

    /** Checkouts of {@code root} at its HEAD get the working tree's uncommitted changes laid over the commit. */
    public static WorkingTree including(Path root) {
        return new WorkingTree(root, true);
    }

    /** Checkouts of {@code root} give the commit alone; {@link #leftOut} tells what they did not include. */
    public static WorkingTree noting(Path root) {
        return new WorkingTree(root, false);
    }

    /**
     * One change of the working tree against HEAD.
     *
     * @param status as {@code git status --short} shows it: {@code M} modified, {@code A} added to the index,
     *     {@code D} deleted, {@code ??} untracked, {@code U} unmerged
     * @param path relative to the working tree, with {@code /}
     */
    public record Change(String status, String path) {
        @Override
        public String toString() {
            return status + " " + path;
        }
    }

    /**
     * The working tree's changes against its HEAD commit.
     *
     * @param root the working tree
     * @param head the commit HEAD points at
     * @param changes every changed path, in path order
     */
    public record Changes(Path root, String head, List<Change> changes) {
        public Changes {
            changes = List.copyOf(changes);
        }

        /** The changes of the working tree {@code root}, from each path's status letter, in path order. */
        static Changes of(Path root, String head, Map<String, String> statusByPath) {
            List<Change> list = new ArrayList<>();
            new TreeMap<>(statusByPath).forEach((path, status) -> list.add(new Change(status, path)));
            return new Changes(root.toAbsolutePath().normalize(), head, list);
        }

        /** Up to {@code max} of the changes, then how many more there are. */
        public String shortList(int max) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(max, changes.size()); i++) {
                shown.add(changes.get(i).toString());
            }
            String more = changes.size() > max ? " and " + (changes.size() - max) + " more" : "";
            return String.join(", ", shown) + more;
        }
    }

    /**
     * Reads the changes of the working tree at {@code root} against its HEAD: tracked files modified, added or deleted
     * (staged or not), untracked files that no {@code .gitignore} ignores; submodules are left out. Asks the {@code git}
     * program when there is one (it answers in some 20 ms where JGit, in a JVM that has not loaded its status classes,
     * took 0.6 s for this project's 1,100 files), and JGit otherwise.
     */
    public static Changes read(Path root) throws IOException {
        Optional<Changes> byGit = readWithGit(root);
        return byGit.isPresent() ? byGit.get() : readWithJGit(root);
    }

    /**
     * What {@code slipway run --watch} compares to see that the working tree changed: HEAD, and each uncommitted change
     * with its file's size and modification time (a file edited again stays "modified"). Files {@code .gitignore}
     * ignores do not count, so a build or an editor writing there starts no run.
     */
    public static String fingerprint(Path root) throws IOException {
        Changes changes = read(root);
        StringBuilder sb = new StringBuilder(changes.head()).append('\n');
        for (Change c : changes.changes()) {
            sb.append(c).append('\0');
            Path file = changes.root().resolve(c.path());
            try {
                BasicFileAttributes a =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                sb.append(a.size()).append(' ').append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                sb.append('-'); // deleted
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * What differs between two {@link #fingerprint}s: {@code new commit <id>} when HEAD moved, then each path whose
     * uncommitted change appeared, went, or was edited again, in path order.
     */
    public static List<String> differences(String before, String after) {
        List<String> out = new ArrayList<>();
        String headBefore = before.lines().findFirst().orElse("");
        String headAfter = after.lines().findFirst().orElse("");
        if (!headAfter.equals(headBefore)) {
            out.add("new commit " + headAfter.substring(0, Math.min(7, headAfter.length())));
        }
        Map<String, String> was = fingerprintEntries(before);
        Map<String, String> is = fingerprintEntries(after);
        Set<String> paths = new java.util.TreeSet<>(was.keySet());
        paths.addAll(is.keySet());
        for (String path : paths) {
            if (!java.util.Objects.equals(was.get(path), is.get(path))) {
                out.add(path);
            }
        }
        return out;
    }

    /** A fingerprint's change lines ({@code <status> <path>\0<size> <mtime>}) by path. */
    private static Map<String, String> fingerprintEntries(String fingerprint) {
        Map<String, String> byPath = new TreeMap<>();
        fingerprint.lines().skip(1).forEach(line -> {
            int space = line.indexOf(' ');
            int nul = line.indexOf('\0');
            if (space >= 0 && nul > space) {
                byPath.put(line.substring(space + 1, nul), line);
            }
        });
        return byPath;
    }

    /**
     * {@code git status --porcelain=v2} of {@code root}, without taking the index's lock ({@code GIT_OPTIONAL_LOCKS=0},
     * so a {@code git} command of the developer's at the same moment does not fail); empty when there is no {@code git}
     * or it fails.
     */
    static Optional<Changes> readWithGit(Path root) throws IOException {
        GitProgram.Outcome outcome = GitProgram.run(
                root,
                env -> env.put("GIT_OPTIONAL_LOCKS", "0"),
                false,
                "status",
                "--porcelain=v2",
                "-z",
                "--branch",
                "--untracked-files=all",
                "--no-renames",
                "--ignore-submodules=all");
        if (outcome instanceof GitProgram.Outcome.Ran ran && ran.exit() == 0) {
            return parsePorcelainV2(root, ran.output());
        }
        return Optional.empty(); // no git program, or it failed or hung
    }

    /** The entries of {@code git status --porcelain=v2 -z --branch}; empty when HEAD is not a commit. */
    static Optional<Changes> parsePorcelainV2(Path root, String output) {
        String head = null;
        Map<String, String> byPath = new TreeMap<>();
        for (String entry : output.split("\0")) {
            if (entry.startsWith("# branch.oid ")) {
                head = entry.substring("# branch.oid ".length()).strip();
            } else if (entry.startsWith("1 ")) {
                // 1 XY sub mH mI mW hH hI path
                String[] f = entry.split(" ", 9);
                if (f.length == 9 && !f[2].startsWith("S")) {
                    byPath.put(f[8], kind(f[1].charAt(0), f[1].charAt(1)));
                }
            } else if (entry.startsWith("u ")) {
                // u XY sub m1 m2 m3 mW h1 h2 h3 path
                String[] f = entry.split(" ", 11);
                if (f.length == 11) {
                    byPath.put(f[10], "U");
                }
            } else if (entry.startsWith("? ")) {
                byPath.put(entry.substring(2), "??");
            }
        }
        if (head == null || !ObjectId.isId(head)) {
            return Optional.empty(); // "(initial)": no commit yet
        }
        return Optional.of(Changes.of(root, head, byPath));
    }

    /** {@code git status --short}'s letter for an entry whose index and work tree columns are {@code x} and {@code y}. */
    private static String kind(char x, char y) {
        if (y == 'D' || (x == 'D' && y == '.')) {
            return "D";
        }
        return x == 'A' ? "A" : "M";
    }

    /** {@link #read} with JGit, where there is no {@code git} program. */
    static Changes readWithJGit(Path root) throws IOException {
        try (Repository repo = new FileRepositoryBuilder()
                        .setWorkTree(root.toFile())
                        .setMustExist(true)
                        .build();
                Git git = Git.wrap(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                throw new IOException("the repository has no commit");
            }
            Status status = git.status()
                    .setIgnoreSubmodules(SubmoduleWalk.IgnoreSubmoduleMode.ALL)
                    .call();
            // later kinds win: a file deleted from the index but still in the working tree is untracked now
            Map<String, String> byPath = new TreeMap<>();
            put(byPath, status.getChanged(), "M");
            put(byPath, status.getModified(), "M");
            put(byPath, status.getAdded(), "A");
            put(byPath, status.getRemoved(), "D");
            put(byPath, status.getMissing(), "D");
            put(byPath, status.getUntracked(), "??");
            put(byPath, status.getConflicting(), "U");
            return Changes.of(root, head.name(), byPath);
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void put(Map<String, String> byPath, Set<String> paths, String kind) {
        for (String p : paths) {
            byPath.put(p, kind);
        }
    }

    /**
     * Called by {@code actions/checkout} after it checked out {@code commit} of {@code repoRoot} into {@code target}:
     * lays the uncommitted changes over it when this is the working tree's repository at its HEAD and changes are
     * included; only starts reading them otherwise, for {@link #leftOut}.
     *
     * @throws IOException when the changes cannot be read or copied
     */
    void afterCheckout(Path repoRoot, String commit, Path target, java.util.function.Consumer<String> log)
            throws IOException {
        if (root == null || !root.equals(repoRoot.toAbsolutePath().normalize())) {
            return;
        }
        CompletableFuture<Changes> pending = start();
        synchronized (this) {
            checkedOut.add(commit);
        }
        if (!include) {
            return;
        }
        Changes found = await(pending);
        if (!found.head().equals(commit)) {
            log.accept("--uncommitted: the working tree's changes are against " + found.head()
                    + ", not this checkout's commit; not laid over it");
            return;
        }
        if (found.changes().isEmpty()) {
            log.accept("--uncommitted: the working tree has no uncommitted changes");
            return;
        }
        for (Change c : found.changes()) {
            layOver(found.root(), c.path(), target);
        }
        log.accept("Laid the working tree's " + count(found.changes().size()) + " over the commit (--uncommitted): "
                + found.shortList(10));
    }

    private static String count(int n) {
        return n == 1 ? "uncommitted change" : n + " uncommitted changes";
    }

    /** The reading of the changes, started on a thread of its own at the first call. */
    private synchronized CompletableFuture<Changes> start() {
        if (changes == null) {
            Path dir = root;
            CompletableFuture<Changes> future = new CompletableFuture<>();
            changes = future;
            Thread.ofPlatform().daemon().name("slipway-worktree-status").start(() -> {
                try {
                    future.complete(read(dir));
                } catch (IOException | RuntimeException e) {
                    future.completeExceptionally(e);
                }
            });
        }
        return changes;
    }

    private Changes await(CompletableFuture<Changes> pending) throws IOException {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the uncommitted changes of " + root, e);
        } catch (ExecutionException e) {
            throw new IOException(
                    "cannot read the uncommitted changes of " + root + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * The uncommitted changes that checkouts of the working tree's HEAD left out ({@link #noting}), waiting up to
     * {@code wait} for them to be read; empty when no such checkout ran, there are none, they were included, or they
     * could not be read in time.
     */
    public Optional<Changes> leftOut(Duration wait) {
        CompletableFuture<Changes> pending;
        Set<String> commits;
        synchronized (this) {
            pending = changes;
            commits = Set.copyOf(checkedOut);
        }
        if (include || pending == null) {
            return Optional.empty();
        }
        try {
            Changes found = pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return found.changes().isEmpty() || !commits.contains(found.head()) ? Optional.empty() : Optional.of(found);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code path} under {@code target} what it is in the working tree {@code from}: a copy of the file or
     * symbolic link (its mode and time kept), or nothing when the working tree has none; a directory there (a nested
     * repository) is left out. Parent directories a deletion empties go too, as git removes them.
     */
    static void layOver(Path from, String path, Path target) throws IOException {
        Path source = from.resolve(path);
        Path into = target.resolve(path).normalize();
        if (!into.startsWith(target) || into.startsWith(target.resolve(Constants.DOT_GIT)) || into.equals(target)) {
            return; // git names no such path; never write outside the checkout or into its repository
        }
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(into, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteTree(into);
            }
            Files.createDirectories(into.getParent());
            Files.copy(
                    source,
                    into,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
            return;
        }
        FileTrees.deleteTree(into);
        for (Path dir = into.getParent(); dir != null && !dir.equals(target); dir = dir.getParent()) {
            if (!FileTrees.isEmptyDir(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            Files.delete(dir);
        }
    }
}
