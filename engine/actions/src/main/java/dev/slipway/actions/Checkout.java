package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * {@code actions/checkout}: fetches the run's commit from the local repository into {@code workspace/<path>} and
 * checks it out with a detached HEAD; {@code origin} points at the repository.
 */
final class Checkout implements BuiltinAction {
    @Override
    public String ref() {
        return "actions/checkout";
    }

    @Override
    public BuiltinResult main(BuiltinCall call) {
        try {
            return run(call);
        } catch (IllegalArgumentException e) {
            return BuiltinResult.failure(e.getMessage());
        } catch (IOException | GitAPIException e) {
            return BuiltinResult.failure("checkout failed: " + e.getMessage());
        }
    }

    private static BuiltinResult run(BuiltinCall call) throws IOException, GitAPIException {
        Optional<String> repository = call.input("repository");
        Optional<String> current = call.envVar("GITHUB_REPOSITORY");
        if (repository.isPresent() && !repository.get().equalsIgnoreCase(current.orElse(repository.get()))) {
            return BuiltinResult.failure("checking out another repository ('" + repository.get()
                    + "') is not supported; only the run's repository " + current.orElse("") + " can be checked out");
        }
        Path workspace = call.workspace().toAbsolutePath().normalize();
        Path target = workspace.resolve(call.input("path", ".")).normalize();
        if (!target.startsWith(workspace)) {
            return BuiltinResult.failure("path '" + call.input("path", "") + "' is outside the workspace " + workspace);
        }
        int depth = call.number("fetch-depth", 1);
        boolean clean = call.flag("clean", true);
        boolean fetchTags = call.flag("fetch-tags", false);
        logUnsupported(call);
        String wanted = call.input("ref").or(() -> call.envVar("GITHUB_SHA")).orElse(Constants.HEAD);
        ObjectId commit = resolveInSource(call.repoRoot(), wanted);
        String shown = call.input("ref").or(() -> call.envVar("GITHUB_REF")).orElse(wanted);
        call.log().accept("Checking out " + shown + " at " + commit.name() + " into " + target);

        try (Git git = openOrInit(target, call)) {
            configureOrigin(git.getRepository(), call.repoRoot());
            if (clean && git.getRepository().resolve(Constants.HEAD) != null) {
                git.clean()
                        .setCleanDirectories(true)
                        .setIgnore(false)
                        .setForce(true)
                        .call();
                git.reset()
                        .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                        .call();
            }
            long started = System.nanoTime();
            fetch(git, call, commit, depth, fetchTags);
            call.log().accept("Fetched in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            started = System.nanoTime();
            if (git.getRepository().getObjectDatabase().has(commit)) {
                if (git.getRepository().resolve(Constants.HEAD) == null) {
                    FreshCheckout.run(git.getRepository(), commit);
                } else {
                    git.checkout().setName(commit.name()).setForced(true).call();
                }
                call.log().accept("Checked out in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            } else {
                return BuiltinResult.failure("commit " + commit.name() + " was not fetched from " + call.repoRoot());
            }
        }
        String refOutput = call.input("ref").orElse(call.envVar("GITHUB_REF").orElse(commit.name()));
        return BuiltinResult.ok(Map.of("ref", refOutput, "commit", commit.name()));
    }

    private static ObjectId resolveInSource(Path repoRoot, String wanted) throws IOException {
        try (Repository source = open(repoRoot)) {
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
        Path dotGit = repoRoot.resolve(Constants.DOT_GIT);
        if (Files.isDirectory(dotGit)) {
            builder.setGitDir(dotGit.toFile());
        } else {
            builder.setGitDir(repoRoot.toFile());
        }
        try {
            return builder.build();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new IllegalArgumentException("no git repository at " + repoRoot, e);
        }
    }

    private static Git openOrInit(Path target, BuiltinCall call) throws IOException, GitAPIException {
        Path dotGit = target.resolve(Constants.DOT_GIT);
        if (Files.isDirectory(dotGit)) {
            Git git = Git.open(target.toFile());
            String origin = git.getRepository().getConfig().getString("remote", "origin", "url");
            if (call.repoRoot().toAbsolutePath().toString().equals(origin)) {
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

    private static void configureOrigin(Repository repo, Path repoRoot) throws IOException {
        StoredConfig config = repo.getConfig();
        config.setString("remote", "origin", "url", repoRoot.toAbsolutePath().toString());
        config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
        config.save();
    }

    private static void fetch(Git git, BuiltinCall call, ObjectId commit, int depth, boolean fetchTags)
            throws GitAPIException, IOException {
        var fetch = git.fetch()
                .setRemote("origin")
                .setTagOpt(fetchTags || depth == 0 ? TagOpt.FETCH_TAGS : TagOpt.NO_TAGS)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
        if (depth > 0) {
            // JGit fetches from a local path in-process; shallow fetches there are not reliable, so we fetch all
            // history and only log the requested depth.
            call.log().accept("fetch-depth " + depth + ": fetching full history from the local repository");
        }
        fetch.call();
        if (!git.getRepository().getObjectDatabase().has(commit)) {
            git.fetch()
                    .setRemote("origin")
                    .setTagOpt(TagOpt.FETCH_TAGS)
                    .setRefSpecs(new RefSpec("+refs/*:refs/remotes/origin/all/*"))
                    .call();
        }
    }

    private static void logUnsupported(BuiltinCall call) {
        if (call.flag("persist-credentials", true)) {
            call.log().accept("persist-credentials: nothing to persist for a local repository");
        }
        if (!call.input("submodules", "false").toLowerCase(Locale.ROOT).equals("false")) {
            call.log().accept("submodules: not supported, skipped");
        }
        if (call.flag("lfs", false)) {
            call.log().accept("lfs: not supported, skipped");
        }
        if (call.input("sparse-checkout").isPresent()) {
            call.log().accept("sparse-checkout: not supported, checking out the whole tree");
        }
    }
}
