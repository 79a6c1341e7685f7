package dev.slipway.git;

import dev.slipway.common.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;

/**
 * The bare repositories hosted under one root directory, each at {@code <root>/<owner>/<name>.git}.
 *
 * <p>Thread-safe. Lookups with invalid names answer "absent"; {@link #create} and {@link #rename} refuse them with a
 * {@link GitException}. Deleted repositories are first moved to {@code <root>/.trash~} (a name no owner can have),
 * so they vanish from the namespace atomically, then removed.
 */
public final class Repositories {
    private static final String TRASH = ".trash~";

    private final Path root;

    private Repositories(Path root) {
        this.root = root;
    }

    /** The repositories under {@code root}, which is created if missing. */
    public static Repositories at(Path root) {
        try {
            Path abs = root.toAbsolutePath().normalize();
            Files.createDirectories(abs);
            return new Repositories(abs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create repository root " + root, e);
        }
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /**
     * Creates an empty bare repository whose HEAD points at {@code defaultBranch}; fails with {@code INVALID_NAME} or
     * {@code ALREADY_EXISTS}.
     */
    public RepoInfo create(String owner, String name, String defaultBranch, String description) {
        RepoName repo = RepoName.of(owner, name);
        Refs.checkBranchName(defaultBranch);
        Path dir = dir(repo);
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir); // claims the name atomically
        } catch (FileAlreadyExistsException e) {
            throw new GitException(GitException.Kind.ALREADY_EXISTS, "repository " + repo + " already exists");
        } catch (IOException e) {
            throw io("cannot create " + repo, e);
        }
        try (Git git = Git.init()
                .setBare(true)
                .setGitDir(dir.toFile())
                .setInitialBranch(defaultBranch)
                .call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("core", null, "logAllRefUpdates", true);
            config.setBoolean("receive", null, "denyNonFastForwards", false);
            config.save();
            Files.writeString(dir.resolve("description"), description + "\n", StandardCharsets.UTF_8);
        } catch (GitAPIException | IOException e) {
            deleteTree(dir);
            throw new GitException(GitException.Kind.IO, "cannot initialise " + repo + ": " + e.getMessage(), e);
        }
        return new RepoInfo(repo, description, defaultBranch);
    }

    /** Whether {@code owner/name} is a hosted repository; false for invalid names. */
    public boolean exists(String owner, String name) {
        return RepoName.parse(owner + "/" + name).map(this::exists).orElse(false);
    }

    /** Opens {@code owner/name} for reading; close the handle after use. Empty when absent or invalid. */
    public Optional<HostedRepo> open(String owner, String name) {
        return RepoName.parse(owner + "/" + name)
                .flatMap(repo -> openRepository(repo).map(db -> new HostedRepo(repo, db)));
    }

    /** Deletes {@code owner/name}; false when there was no such repository. */
    public boolean delete(String owner, String name) {
        Optional<RepoName> repo = RepoName.parse(owner + "/" + name);
        if (repo.isEmpty() || !exists(repo.get())) {
            return false;
        }
        Path dir = dir(repo.get());
        RepositoryCache.unregister(key(dir));
        try {
            Path trash = Files.createDirectories(root.resolve(TRASH))
                    .resolve(UUID.randomUUID().toString());
            move(dir, trash);
            deleteTree(trash);
            return true;
        } catch (IOException e) {
            throw io("cannot delete " + repo.get(), e);
        }
    }

    /** Renames (or transfers) a repository; fails with {@code NOT_FOUND}, {@code INVALID_NAME} or {@code ALREADY_EXISTS}. */
    public RepoInfo rename(String owner, String name, String newOwner, String newName) {
        RepoName from = RepoName.of(owner, name);
        RepoName to = RepoName.of(newOwner, newName);
        if (!exists(from)) {
            throw new GitException(GitException.Kind.NOT_FOUND, "repository " + from + " does not exist");
        }
        Path target = dir(to);
        if (Files.exists(target)) {
            throw new GitException(GitException.Kind.ALREADY_EXISTS, "repository " + to + " already exists");
        }
        RepositoryCache.unregister(key(dir(from)));
        try {
            Files.createDirectories(target.getParent());
            move(dir(from), target);
        } catch (IOException e) {
            throw io("cannot rename " + from + " to " + to, e);
        }
        return info(to);
    }

    /** Every hosted repository, sorted by owner then name. */
    public List<RepoInfo> list() {
        List<RepoInfo> all = new ArrayList<>();
        for (Path ownerDir : children(root)) {
            String owner = ownerDir.getFileName().toString();
            if (RepoName.isValid(owner)) {
                all.addAll(list(owner));
            }
        }
        return all;
    }

    /** The repositories of one owner, sorted by name; empty for an unknown or invalid owner. */
    public List<RepoInfo> list(String owner) {
        if (!RepoName.isValid(owner)) {
            return List.of();
        }
        List<RepoInfo> repos = new ArrayList<>();
        for (Path dir : children(root.resolve(owner))) {
            RepoName.parse(owner + "/" + dir.getFileName())
                    .filter(r -> dir.getFileName().toString().endsWith(".git") && exists(r))
                    .ifPresent(r -> repos.add(info(r)));
        }
        return repos;
    }

    Path dir(RepoName repo) {
        return root.resolve(repo.owner()).resolve(repo.name() + ".git");
    }

    boolean exists(RepoName repo) {
        return RepositoryCache.FileKey.isGitRepository(dir(repo).toFile(), FS.DETECTED);
    }

    /** Opens the JGit repository through JGit's cache; the caller closes it. */
    Optional<Repository> openRepository(RepoName repo) {
        if (!exists(repo)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RepositoryCache.open(key(dir(repo)), true));
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("cannot open " + repo, e);
        }
    }

    private RepoInfo info(RepoName repo) {
        try (HostedRepo hosted = open(repo.owner(), repo.name()).orElseThrow()) {
            return new RepoInfo(repo, hosted.description(), hosted.defaultBranch());
        }
    }

    private static RepositoryCache.FileKey key(Path dir) {
        return RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static GitException io(String message, IOException e) {
        return new GitException(GitException.Kind.IO, message + ": " + e.getMessage(), e);
    }
}
