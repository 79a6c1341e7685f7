package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Finds remote actions ({@code owner/repo[/path]@ref}) without GitHub, in an ordered list of locations:
 *
 * <ul>
 *   <li>a directory holding {@code <owner>/<repo>@<ref>/} (a plain copy for exactly that ref) or {@code
 *       <owner>/<repo>/} (or {@code <repo>.git}), a git repository, bare or not, from which the ref is materialized
 *       into {@code <cacheDir>/<owner>/<repo>/<sha>/};
 *   <li>a git base URL ({@code file://}, {@code http://}, {@code https://}): {@code <url>/<owner>/<repo>.git} (or
 *       without {@code .git}) is mirrored into the cache directory and fetched once per instance.
 * </ul>
 *
 * Owner and repository names match case-insensitively. Materialized trees are written to a temporary directory and
 * renamed into place, so concurrent resolves (threads or processes) are safe. Thread-safe.
 */
public final class ActionSource {
    private final List<String> locations;
    private final Path cacheDir;
    private final Set<Path> fetched = ConcurrentHashMap.newKeySet();

    private ActionSource(List<String> locations, Path cacheDir) {
        this.locations = List.copyOf(locations);
        this.cacheDir = cacheDir.toAbsolutePath();
    }

    /** A source searching {@code locations} in order, caching checkouts and mirrors under {@code cacheDir}. */
    public static ActionSource of(List<String> locations, Path cacheDir) {
        return new ActionSource(locations, cacheDir);
    }

    /**
     * The source of a process keeping its state in {@code home} ({@code slipway run}'s state directory, the server's
     * data directory, an agent's work directory): {@code locations}, then {@code home/action-mirror} when it exists,
     * caching under {@code home/actions}.
     */
    public static ActionSource inHome(List<String> locations, Path home) {
        List<String> all = new java.util.ArrayList<>(locations);
        Path mirror = home.resolve("action-mirror");
        if (java.nio.file.Files.isDirectory(mirror)) {
            all.add(mirror.toString());
        }
        return of(all, home.resolve("actions"));
    }

    /** The locations of a comma-separated list ({@code SLIPWAY_ACTION_SOURCE}), trimmed; none for null or blank. */
    public static List<String> split(@org.jspecify.annotations.Nullable String list) {
        if (list == null) {
            return List.of();
        }
        return java.util.Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * The directory holding the action's {@code action.yml} (or {@code .yaml}), with {@code ref.path()} applied; empty
     * if no location has the repository.
     *
     * @throws ActionException if a location has the repository but not the ref or not the action file, or git fails
     */
    public Optional<Path> resolve(ActionRef ref) throws ActionException {
        for (String location : locations) {
            Optional<Path> base = isUrl(location) ? fromUrl(ref, location) : fromDirectory(ref, location);
            if (base.isPresent()) {
                return Optional.of(actionDir(ref, base.get(), location));
            }
        }
        return Optional.empty();
    }

    /**
     * The whole repository {@code owner/repo} at {@code ref.ref()}, from the first location that has it (its path is not
     * applied): where a reusable workflow of another repository ({@code owner/repo/.github/workflows/x.yml@ref}) and
     * the workflows it calls are read from. Empty if no location has the repository.
     *
     * @throws ActionException if a location has the repository but not the ref, or git fails
     */
    public Optional<Path> repository(ActionRef ref) throws ActionException {
        for (String location : locations) {
            Optional<Path> base = isUrl(location) ? fromUrl(ref, location) : fromDirectory(ref, location);
            if (base.isPresent()) {
                return base;
            }
        }
        return Optional.empty();
    }

    /** The locations searched, in order, for messages ({@code (none configured)} when there are none). */
    public String describe() {
        return locations.isEmpty() ? "(none configured)" : String.join(", ", locations);
    }

    /** Like {@link #resolve} but fails, naming the action and every location tried, when it is not found. */
    public Path require(ActionRef ref) throws ActionException {
        Optional<Path> found = resolve(ref);
        if (found.isPresent()) {
            return found.get();
        }
        throw new ActionException("action " + ref + " not found; locations tried: " + describe());
    }

    private static boolean isUrl(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("file:") || lower.startsWith("http://") || lower.startsWith("https://");
    }

    private Optional<Path> fromDirectory(ActionRef ref, String location) throws ActionException {
        Path root = Path.of(location);
        Optional<Path> owner = child(root, ref.owner());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> pinned = child(owner.get(), ref.repo() + "@" + ref.ref());
        if (pinned.isPresent() && Files.isDirectory(pinned.get())) {
            return pinned;
        }
        Optional<Path> repoDir = child(owner.get(), ref.repo()).or(() -> child(owner.get(), ref.repo() + ".git"));
        if (repoDir.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromRepository(ref, repoDir.get(), location + " (" + repoDir.get() + ")"));
    }

    /**
     * The repository of {@code ref} at its ref, materialized from the git repository {@code gitDir} (bare or not) into
     * this source's cache, its path not applied: for a repository found elsewhere than in the locations (the server's
     * own, fetched with a job's token). {@code where} names the repository in messages.
     *
     * @throws ActionException if the repository lacks the ref or cannot be read
     */
    public Path fromRepository(ActionRef ref, Path gitDir, String where) throws ActionException {
        try (Repository repo = Checkout.open(gitDir)) {
            return materialize(ref, where, repo);
        } catch (IOException | IllegalArgumentException e) {
            throw new ActionException("action " + ref + ": cannot read git repository " + gitDir + ": " + reason(e), e);
        }
    }

    /**
     * The directory of the action {@code ref} in {@code base}, its repository at the ref, with the path applied.
     *
     * @throws ActionException if it has no action file
     */
    public static Path actionDir(ActionRef ref, Path base, String where) throws ActionException {
        Path dir = ref.path().map(base::resolve).orElse(base).normalize();
        if (Files.isRegularFile(dir.resolve("action.yml")) || Files.isRegularFile(dir.resolve("action.yaml"))) {
            return dir;
        }
        throw new ActionException(
                "action " + ref + ": found in " + where + " but " + dir + " has no action.yml or action.yaml");
    }

    /**
     * What went wrong reading a git repository, for a person: JGit says only "Missing unknown <id>" of an object that
     * is not there.
     */
    static String reason(Exception e) {
        return e instanceof org.eclipse.jgit.errors.MissingObjectException missing
                ? "object " + missing.getObjectId().name() + " is missing from it: it is incomplete (damaged, or a"
                        + " partial or shallow copy); `git fsck` in it names what is missing"
                : e.getMessage();
    }

    private Optional<Path> fromUrl(ActionRef ref, String location) throws ActionException {
        String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        Path mirror = mirrorDir(base, ref.owner(), ref.repo());
        Optional<Path> cached = pinnedSha(ref);
        if (cached.isPresent()) {
            return cached;
        }
        try {
            if (!mirrored(base + "/" + ref.owner() + "/" + ref.repo(), mirror)) {
                return Optional.empty();
            }
            try (Repository repo = Checkout.open(mirror)) {
                return Optional.of(materialize(ref, location + " (" + repo.getDirectory() + ")", repo));
            }
        } catch (IOException | GitAPIException e) {
            throw new ActionException("action " + ref + ": cannot fetch from " + location + ": " + e.getMessage(), e);
        }
    }

    /** {@code url}'s mirror at {@code mirror}, cloned the first time and fetched once per instance; false if none. */
    private boolean mirrored(String url, Path mirror) throws IOException, GitAPIException {
        if (!Files.isDirectory(mirror)) {
            return cloneMirror(url, mirror);
        }
        if (fetched.add(mirror)) {
            try (Git git = Git.open(mirror.toFile())) {
                git.fetch()
                        .setRefSpecs(new RefSpec("+refs/*:refs/*"))
                        .setRemote("origin")
                        .call();
            }
        }
        return true;
    }

    private Path mirrorDir(String base, String owner, String repo) {
        return cacheDir.resolve("mirrors")
                .resolve(FileTrees.sha256(base.toLowerCase(Locale.ROOT)).substring(0, 16))
                .resolve(lower(owner))
                .resolve(lower(repo) + ".git");
    }

    /**
     * The git repository {@code owner/repo} from the first location that holds it as a repository (a pinned
     * {@code owner/repo@ref/} copy is not one): a directory's own {@code owner/repo} (or {@code repo.git}), or the
     * cache's mirror of a git base URL's. For {@code actions/checkout} of another repository, which wants its history
     * and refs.
     *
     * @throws ActionException when a location has it but it cannot be read or fetched
     */
    public Optional<Path> gitRepository(String owner, String repo) throws ActionException {
        for (String location : locations) {
            if (isUrl(location)) {
                String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
                Path mirror = mirrorDir(base, owner, repo);
                try {
                    if (mirrored(base + "/" + owner + "/" + repo, mirror)) {
                        return Optional.of(mirror);
                    }
                } catch (IOException | GitAPIException e) {
                    throw new ActionException(
                            "repository " + owner + "/" + repo + ": cannot fetch from " + location + ": "
                                    + e.getMessage(),
                            e);
                }
                continue;
            }
            Optional<Path> ownerDir = child(Path.of(location), owner);
            Optional<Path> repoDir = ownerDir.flatMap(o -> child(o, repo).or(() -> child(o, repo + ".git")));
            if (repoDir.isPresent()) {
                try (Repository r = Checkout.open(repoDir.get())) {
                    return Optional.of(repoDir.get());
                } catch (IOException | IllegalArgumentException e) {
                    throw new ActionException(
                            "repository " + owner + "/" + repo + ": cannot read git repository " + repoDir.get() + ": "
                                    + reason(e),
                            e);
                }
            }
        }
        return Optional.empty();
    }

    /** Clones {@code url}.git or {@code url} into {@code mirror}; false if neither exists. */
    private boolean cloneMirror(String url, Path mirror) throws IOException {
        Files.createDirectories(mirror.getParent());
        for (String candidate : List.of(url + ".git", url)) {
            Path staging = Files.createTempDirectory(mirror.getParent(), ".clone-");
            try (Git git = Git.cloneRepository()
                    .setURI(candidate)
                    .setDirectory(staging.toFile())
                    .setBare(true)
                    .setMirror(true)
                    .call()) {
                fetched.add(mirror);
                FileTrees.publish(staging, mirror);
                return true;
            } catch (GitAPIException e) {
                FileTrees.deleteTree(staging);
            }
        }
        return false;
    }

    private Optional<Path> pinnedSha(ActionRef ref) {
        if (!ref.ref().matches("[0-9a-fA-F]{40}")) {
            return Optional.empty();
        }
        Path dir = checkoutDir(ref, ref.ref().toLowerCase(Locale.ROOT));
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    private Path materialize(ActionRef ref, String where, Repository repo) throws IOException, ActionException {
        Optional<ObjectId> commit = TreeExport.resolveCommit(repo, ref.ref());
        if (commit.isEmpty()) {
            throw new ActionException(
                    "action " + ref + ": ref '" + ref.ref() + "' (tag, branch or commit) not found in " + where);
        }
        Path target = checkoutDir(ref, commit.get().name());
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), ".tmp-");
        try {
            TreeExport.export(repo, commit.get(), staging);
            FileTrees.publish(staging, target);
        } finally {
            FileTrees.deleteTree(staging);
        }
        return target;
    }

    private Path checkoutDir(ActionRef ref, String sha) {
        return cacheDir.resolve(lower(ref.owner())).resolve(lower(ref.repo())).resolve(sha);
    }

    private static Optional<Path> child(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (Files.exists(exact)) {
            return Optional.of(exact);
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().equalsIgnoreCase(name))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
