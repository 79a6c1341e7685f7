package dev.slipway.runtime;

import dev.slipway.actions.CommitTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The workflow's own repository at the running commit, where a {@code $/path} reference (GitHub's self-repository
 * syntax) finds its action without a checkout: the run's work tree when the run has one ({@code slipway run}, which
 * reads its workflow files there too), else the commit's files written once per job out of the run's (bare)
 * repository, as on the server and its agents. Thread-safe.
 */
final class SelfRepository {
    /** No repository: every {@code $/} reference fails, saying so. */
    static final SelfRepository NONE = new SelfRepository(null, Optional.empty(), null);

    /** The root, or why there is none. */
    record Root(Optional<Path> path, String why) {}

    private final Path repoRoot;
    private final Optional<String> commit;
    private final Path exportDir;
    private Root root;

    /**
     * @param repoRoot the run's repository (a work tree, or a bare repository)
     * @param commit the running commit ({@code github.sha})
     * @param exportDir where the commit's files are written when {@code repoRoot} has no work tree
     */
    SelfRepository(Path repoRoot, Optional<String> commit, Path exportDir) {
        this.repoRoot = repoRoot;
        this.commit = commit;
        this.exportDir = exportDir;
    }

    synchronized Root root() {
        if (root == null) {
            root = find();
        }
        return root;
    }

    private Root find() {
        if (repoRoot == null) {
            return new Root(Optional.empty(), "this job has no repository");
        }
        if (Files.exists(repoRoot.resolve(".git"))) {
            return new Root(Optional.of(repoRoot.toAbsolutePath().normalize()), "");
        }
        if (commit.isEmpty()) {
            return new Root(Optional.empty(), "the run names no commit (github.sha)");
        }
        Path target = exportDir.resolve(commit.get());
        try {
            if (!Files.isDirectory(target)) {
                CommitTree.export(repoRoot, commit.get(), target);
            }
            return new Root(Optional.of(target.toAbsolutePath().normalize()), "");
        } catch (IOException e) {
            return new Root(Optional.empty(), "its files at " + commit.get() + " cannot be read: " + e.getMessage());
        }
    }
}
