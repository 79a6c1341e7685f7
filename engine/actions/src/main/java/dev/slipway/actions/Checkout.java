package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * {@code actions/checkout}: brings the local repository's objects into {@code workspace/<path>} (copied, see {@link
 * LocalObjects}; fetched where they cannot be) and checks the run's commit out with a detached HEAD; {@code origin}
 * points at the repository, {@code refs/remotes/origin/*} at its branches. With {@code sparse-checkout}, only the
 * paths asked are written ({@link SparseCheckout}); with {@code submodules}, the submodules are checked out too ({@link
 * Submodules}).
 */
final class Checkout implements BuiltinAction {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "repository",
            "ref",
            "token",
            "ssh-key",
            "ssh-known-hosts",
            "ssh-strict",
            "ssh-user",
            "persist-credentials",
            "path",
            "clean",
            "filter",
            "sparse-checkout",
            "sparse-checkout-cone-mode",
            "fetch-depth",
            "fetch-tags",
            "show-progress",
            "lfs",
            "submodules",
            "set-safe-directory",
            "github-server-url",
            "allow-unsafe-pr-checkout");

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final WorkingTree workingTree;
    private final Optional<ActionSource> otherRepositories;
    private final Submodules.Sources submoduleSources;
    private final Optional<HostedRepositories> hosted;

    /** The server's and agents' checkout: the run's repository, its submodules from its own copy only. */
    Checkout() {
        this(WorkingTree.NONE, Optional.empty(), Submodules.Sources.OWN_COPY_ONLY, Optional.empty());
    }

    /**
     * The checkout of a job of the server (on its embedded agent or a remote one): another repository, and a submodule
     * whose URL is on the server, come from {@code hosted}, fetched with the job's token or the {@code token} input.
     */
    Checkout(HostedRepositories hosted) {
        this(
                WorkingTree.NONE,
                Optional.empty(),
                new Submodules.Sources(false, Optional.empty(), Optional.of(hosted)),
                Optional.of(hosted));
    }

    /**
     * A checkout that tells {@code workingTree} of each checkout (to lay its uncommitted changes over it), and takes
     * another repository ({@code repository: owner/name}) from {@code otherRepositories}, when given, where it holds
     * that repository as a git repository; submodules the source has no copy of come from where their URLs lead (a
     * local path, or {@code owner/name} in {@code otherRepositories}). For {@code slipway run}: on the developer's own
     * machine.
     */
    Checkout(WorkingTree workingTree, Optional<ActionSource> otherRepositories) {
        this(
                workingTree,
                otherRepositories,
                new Submodules.Sources(true, otherRepositories, Optional.empty()),
                Optional.empty());
    }

    private Checkout(
            WorkingTree workingTree,
            Optional<ActionSource> otherRepositories,
            Submodules.Sources submoduleSources,
            Optional<HostedRepositories> hosted) {
        this.workingTree = workingTree;
        this.otherRepositories = otherRepositories;
        this.submoduleSources = submoduleSources;
        this.hosted = hosted;
    }

    @Override
    public String ref() {
        return "actions/checkout";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    public BuiltinResult main(BuiltinCall call) {
        try {
            return run(call);
        } catch (IllegalArgumentException e) {
            return BuiltinResult.failure(e.getMessage());
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            // JGit says only "Missing unknown <id>": say where, and what it means
            return BuiltinResult.failure("checkout failed: in "
                    + call.input("repository").orElse(call.repoRoot().toString()) + ", " + ActionSource.reason(e));
        } catch (IOException | GitAPIException e) {
            return BuiltinResult.failure("checkout failed: " + e.getMessage());
        }
    }

    private BuiltinResult run(BuiltinCall call) throws IOException, GitAPIException {
        Optional<String> repository = call.input("repository");
        Optional<String> current = call.envVar("GITHUB_REPOSITORY");
        boolean other = repository.isPresent() && !repository.get().equalsIgnoreCase(current.orElse(repository.get()));
        Path sourceRoot = call.repoRoot();
        if (other) {
            Optional<Path> found = otherRepository(repository.get(), call.input("token"));
            if (found.isEmpty() && hosted.isPresent()) {
                return BuiltinResult.failure("repository '" + repository.get() + "' is not on this server, or "
                        + (call.input("token").isPresent() ? "the token input" : "the job's token")
                        + " may not read it (the job's token reads the run's repository and public ones; for another"
                        + " private one, give a user's access token as the token input)");
            }
            if (found.isEmpty()) {
                return BuiltinResult.failure("repository '" + repository.get() + "' is not the run's repository ("
                        + current.orElse("") + ") and no action source holds it as a git repository"
                        + otherRepositories
                                .map(a -> " (locations tried: " + a.describe() + ")")
                                .orElse(""));
            }
            sourceRoot = found.get();
        }
        Path workspace = call.workspace().toAbsolutePath().normalize();
        Path target = workspace.resolve(call.input("path", ".")).normalize();
        if (!target.startsWith(workspace)) {
            return BuiltinResult.failure("path '" + call.input("path", "") + "' is outside the workspace " + workspace);
        }
        int depth = call.number("fetch-depth", 1);
        boolean clean = call.flag("clean", true);
        boolean fetchTags = call.flag("fetch-tags", false);
        String submodules = call.input("submodules", "false").toLowerCase(Locale.ROOT);
        if (!List.of("true", "false", "recursive").contains(submodules)) {
            // the action takes anything else as false, so a workflow that says "yes" passes on GitHub
            call.log()
                    .accept("submodules: '" + call.input("submodules", "") + "' is neither true, false nor recursive;"
                            + " no submodules, as actions/checkout reads it");
            submodules = "false";
        }
        boolean lfs = call.flag("lfs", false);
        Optional<SparseCheckout> sparse =
                SparseCheckout.of(call.input("sparse-checkout"), call.flag("sparse-checkout-cone-mode", true));
        logUnsupported(call);
        // another repository's default is its default branch, as on GitHub; the run's own, the event's commit
        String wanted = call.input("ref")
                .or(() -> other ? Optional.empty() : call.envVar("GITHUB_SHA"))
                .orElse(Constants.HEAD);
        boolean tags = fetchTags || depth == 0;
        ObjectId commit;
        // the source and the workspace's repository are each opened once: the copy's new packs are found by JGit's
        // own look at the pack directory when an object is not in the packs it knew
        String otherDefault = "";
        try (Repository source = open(sourceRoot)) {
            commit = resolveInSource(source, sourceRoot, wanted);
            if (other) {
                // the ref output of another repository checked out at its default branch names that branch
                String head = source.getFullBranch();
                otherDefault = head == null ? commit.name() : head;
            }
            String shown = other
                    ? repository.orElseThrow() + " " + call.input("ref").orElse(otherDefault) + " (from " + sourceRoot
                            + ")"
                    : call.input("ref").or(() -> call.envVar("GITHUB_REF")).orElse(wanted);
            call.log().accept("Checking out " + shown + " at " + commit.name() + " into " + target);
            try (Git git = openOrInit(target, sourceRoot, call)) {
                Repository repo = git.getRepository();
                configureOrigin(repo, sourceRoot);
                // a sparse checkout, asked now or left by an earlier one, starts from an empty work tree: JGit
                // neither writes nor reads the index's skip-worktree bits
                boolean sparseBefore = SparseCheckout.enabled(repo);
                boolean fresh = repo.resolve(Constants.HEAD) == null;
                if (!fresh && (sparse.isPresent() || sparseBefore)) {
                    call.log().accept("Deleting the contents of " + target + " (a sparse checkout starts afresh)");
                    for (Path child : dev.slipway.common.FileTrees.children(target)) {
                        if (!child.getFileName().toString().equals(Constants.DOT_GIT)) {
                            FileTrees.deleteTree(child);
                        }
                    }
                    Files.deleteIfExists(repo.getIndexFile().toPath());
                    fresh = true;
                }
                if (sparseBefore && sparse.isEmpty()) {
                    SparseCheckout.disable(repo);
                }
                if (clean && !fresh) {
                    git.clean()
                            .setCleanDirectories(true)
                            .setIgnore(false)
                            .setForce(true)
                            .call();
                    git.reset()
                            .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                            .call();
                }
                if (depth > 0) {
                    // The objects come from a local repository: all its history is there, whatever the depth asked.
                    call.log().accept("fetch-depth " + depth + ": taking the full history from the local repository");
                }
                long started = System.nanoTime();
                if (bringObjects(source, repo, commit, tags)) {
                    call.log()
                            .accept("Copied the objects of " + sourceRoot + " in "
                                    + (System.nanoTime() - started) / 1_000_000 + " ms");
                } else {
                    call.log().accept("Fetched in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                }
                started = System.nanoTime();
                if (!repo.getObjectDatabase().has(commit)) {
                    return BuiltinResult.failure("commit " + commit.name() + " was not fetched from " + sourceRoot);
                }
                if (fresh) {
                    FreshCheckout.run(repo, commit, sparse.isPresent() ? sparse.get() : path -> true);
                } else {
                    git.checkout().setName(commit.name()).setForced(true).call();
                }
                if (sparse.isPresent()) {
                    sparse.get().apply(repo);
                    call.log().accept("Sparse checkout: " + sparse.get().describe());
                }
                call.log().accept("Checked out in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                if (!submodules.equals("false")) {
                    Optional<String> sourceUrl = hosted.isPresent()
                            ? Optional.of(
                                    other
                                            ? hostedUrl(hosted.get(), repository.orElseThrow())
                                            : hostedUrl(hosted.get(), current.orElse("")))
                            : Optional.empty();
                    new Submodules(submoduleSources, call.input("token"), call.log())
                            .update(
                                    source,
                                    sourceUrl,
                                    repo,
                                    commit,
                                    submodules.equals("recursive"),
                                    sparse.isPresent() ? sparse.get() : path -> true);
                }
                if (lfs) {
                    int files = LfsFiles.smudge(source, repo);
                    call.log().accept("lfs: " + files + " Git LFS files checked out");
                }
            }
        }
        workingTree.afterCheckout(sourceRoot, commit.name(), target, call.log());
        String refOutput = call.input("ref")
                .orElse(other ? otherDefault : call.envVar("GITHUB_REF").orElse(commit.name()));
        return BuiltinResult.ok(Map.of("ref", refOutput, "commit", commit.name()));
    }

    private static ObjectId resolveInSource(Repository source, Path repoRoot, String wanted) throws IOException {
        for (String candidate : candidates(wanted)) {
            ObjectId id = source.resolve(candidate);
            if (id != null) {
                try (RevWalk walk = new RevWalk(source)) {
                    RevCommit commit = walk.parseCommit(id);
                    return commit.getId();
                } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                    break;
                } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                    continue;
                }
            }
        }
        throw new IllegalArgumentException("commit or ref '" + wanted + "' not found in repository " + repoRoot);
    }

    private static String[] candidates(String wanted) {
        if (wanted.startsWith("refs/")) {
            return new String[] {wanted};
        }
        return new String[] {"refs/heads/" + wanted, "refs/tags/" + wanted, wanted};
    }

    static Repository open(Path repoRoot) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        if (Files.exists(repoRoot.resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(repoRoot.toFile()); // .git a directory, or a file (a linked work tree)
        } else {
            builder.setGitDir(repoRoot.toFile()); // a bare repository
        }
        try {
            return builder.build();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new IllegalArgumentException("no git repository at " + repoRoot, e);
        }
    }

    private static Git openOrInit(Path target, Path sourceRoot, BuiltinCall call) throws IOException, GitAPIException {
        Path dotGit = target.resolve(Constants.DOT_GIT);
        if (Files.isDirectory(dotGit)) {
            Git git = Git.open(target.toFile());
            String origin = git.getRepository().getConfig().getString("remote", "origin", "url");
            if (sourceRoot.toAbsolutePath().toString().equals(origin)) {
                return git;
            }
            git.close();
            call.log().accept("Deleting the contents of " + target + " (another repository)");
            FileTrees.deleteChildren(target);
        } else if (!FileTrees.isEmptyDir(target)) {
            call.log().accept("Deleting the contents of " + target + " (not a git repository)");
            FileTrees.deleteChildren(target);
        }
        Files.createDirectories(target);
        return Git.init().setDirectory(target.toFile()).setInitialBranch("main").call();
    }

    static void configureOrigin(Repository repo, Path repoRoot) throws IOException {
        StoredConfig config = repo.getConfig();
        config.setString("remote", "origin", "url", repoRoot.toAbsolutePath().toString());
        config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
        config.save();
    }

    /**
     * Brings {@code commit}'s objects from {@code source} into {@code into}, whose {@code origin} is the source: copies
     * its object files ({@link #copyFromSource}), or fetches where they cannot be copied or lack the commit. True when
     * copied. The caller checks that the commit arrived.
     */
    static boolean bringObjects(Repository source, Repository into, ObjectId commit, boolean tags)
            throws IOException, GitAPIException {
        if (copyFromSource(source, into, tags) && into.getObjectDatabase().has(commit)) {
            return true;
        }
        fetch(Git.wrap(into), commit, tags);
        return false;
    }

    /**
     * Copies the source repository's objects into the workspace's repository ({@link LocalObjects}) and points
     * {@code refs/remotes/origin/*} at its branches, and {@code refs/tags/*} at its tags when {@code tags}, as the
     * fetch would; false when its objects cannot be copied, and a fetch is needed.
     */
    private static boolean copyFromSource(Repository source, Repository into, boolean tags) throws IOException {
        // the common directory: a linked work tree's objects are its main repository's
        if (!LocalObjects.copy(
                source.getCommonDirectory().toPath(), into.getDirectory().toPath())) {
            return false;
        }
        for (Ref ref : source.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            String branch = ref.getName().substring(Constants.R_HEADS.length());
            setRef(into, Constants.R_REMOTES + "origin/" + branch, ref.getObjectId());
        }
        if (tags) {
            for (Ref ref : source.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                setRef(into, ref.getName(), ref.getObjectId());
            }
        }
        return true;
    }

    /**
     * Points {@code name} at {@code id}, one ref at a time: JGit's batch update loads JGit's message bundle (a thousand
     * fields set by reflection, 85 ms of a checkout, profiled) for its progress monitor's title alone.
     */
    private static void setRef(Repository into, String name, ObjectId id) throws IOException {
        if (id == null) {
            return; // a symbolic ref to an unborn branch
        }
        RefUpdate update = into.updateRef(name);
        update.setNewObjectId(id);
        update.disableRefLog();
        RefUpdate.Result result = update.forceUpdate();
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
            default -> throw new IOException("cannot set " + name + " to " + id.name() + ": " + result);
        }
    }

    /** Fetches from {@code origin}, the local repository, with JGit: where its objects could not be copied. */
    private static void fetch(Git git, ObjectId commit, boolean tags) throws GitAPIException, IOException {
        git.fetch()
                .setRemote("origin")
                .setTagOpt(tags ? TagOpt.FETCH_TAGS : TagOpt.NO_TAGS)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
                .call();
        if (!git.getRepository().getObjectDatabase().has(commit)) {
            git.fetch()
                    .setRemote("origin")
                    .setTagOpt(TagOpt.FETCH_TAGS)
                    .setRefSpecs(new RefSpec("+refs/*:refs/remotes/origin/all/*"))
                    .call();
        }
    }

    private static String hostedUrl(HostedRepositories hosted, String fullName) {
        int slash = fullName.indexOf('/');
        return slash < 0 ? hosted.serverUrl() : hosted.url(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    /**
     * The git repository {@code owner/name} from the server (with {@code token}, or the job's) or the action source;
     * empty when none holds it or it is no name.
     */
    private Optional<Path> otherRepository(String fullName, Optional<String> token) throws IOException {
        String[] parts = fullName.split("/");
        // names as GitHub allows them: never "." or "..", which would lead out of the action source's directory
        if (parts.length == 2
                && NAME.matcher(parts[0]).matches()
                && NAME.matcher(parts[1]).matches()
                && hosted.isPresent()) {
            return hosted.get().mirror(parts[0], parts[1], token);
        }
        if (otherRepositories.isEmpty()
                || parts.length != 2
                || !NAME.matcher(parts[0]).matches()
                || !NAME.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        try {
            return otherRepositories.get().gitRepository(parts[0], parts[1]);
        } catch (ActionException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void logUnsupported(BuiltinCall call) {
        if (call.flag("persist-credentials", true)) {
            call.log().accept("persist-credentials: nothing to persist for a local repository");
        }
    }
}
