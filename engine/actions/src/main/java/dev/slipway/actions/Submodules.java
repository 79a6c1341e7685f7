package dev.slipway.actions;

import dev.slipway.common.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@code actions/checkout}'s {@code submodules: true | recursive}: each submodule of the checked-out commit is checked
 * out at the commit the superproject records, as {@code git submodule update --init --force [--recursive]} does,
 * with git's layout (its repository in {@code .git/modules/<name>}, a {@code .git} file in its directory), so that the
 * {@code git} client in the job sees an initialised, clean submodule.
 *
 * <p>There is no network to clone from. The submodule's objects come from the first of these that has the recorded
 * commit: the source repository's own copy ({@code .git/modules/<name>}, where {@code git submodule update --init}
 * keeps it, or a repository in the submodule's directory of its work tree); then, for {@code slipway run} only, the
 * URL in {@code .gitmodules}: a local path or {@code file://} URL, a relative URL resolved against the superproject's
 * {@code origin} and against its directory, and a hosted URL's {@code owner/name} in the action source.
 */
final class Submodules {
    /** A hosted repository URL's owner and name: {@code scheme://host/owner/name(.git)} or {@code user@host:owner/name}. */
    private static final Pattern HOSTED =
            Pattern.compile("(?:[a-z][a-z0-9+.-]*://[^/]+/|[^@/:]+@[^:/]+:)(?:.*/)?([^/]+)/([^/]+?)(?:\\.git)?/?");

    /**
     * Where a submodule's repository is looked for besides the source repository's own copy.
     *
     * @param byUrl whether the URL in {@code .gitmodules} is followed to local paths and to {@code actions}: on the
     *     developer's machine ({@code slipway run}), never on the server, where a path could reach another owner's
     *     repository
     * @param actions the action source, for a hosted URL's {@code owner/name}
     * @param hosted the server's repositories, for a URL on that server (relative ones resolved against the
     *     superproject's URL there), fetched with {@code token} or the job's
     */
    record Sources(boolean byUrl, Optional<ActionSource> actions, Optional<HostedRepositories> hosted) {
        static final Sources OWN_COPY_ONLY = new Sources(false, Optional.empty(), Optional.empty());
    }

    /** A repository that has the commit, and its URL on the server when it came from there. */
    private record Found(Path path, Repository repository, Optional<String> url) {}

    private final Sources sources;
    private final Optional<String> token;
    private final Consumer<String> log;

    Submodules(Sources sources, Optional<String> token, Consumer<String> log) {
        this.sources = sources;
        this.token = token;
        this.log = log;
    }

    /**
     * Checks out the submodules of {@code commit} (already checked out into {@code target}'s work tree), taking their
     * objects as described above; with {@code recursive}, theirs too. Submodules whose paths {@code included} rejects (a
     * sparse checkout) and those {@code .gitmodules} marks {@code update = none} are left alone.
     *
     * @throws IllegalArgumentException when a submodule's commit is found nowhere, or {@code .gitmodules} lacks it
     */
    void update(
            Repository source,
            Optional<String> sourceUrl,
            Repository target,
            ObjectId commit,
            boolean recursive,
            Predicate<String> included)
            throws IOException, GitAPIException {
        Map<String, ObjectId> links = gitlinks(target, commit, included);
        if (links.isEmpty()) {
            return;
        }
        Config modules = modulesFile(target, commit);
        for (Map.Entry<String, ObjectId> link : links.entrySet()) {
            String path = link.getKey();
            String name = nameOf(modules, path);
            String url = modules.getString(ConfigConstants.CONFIG_SUBMODULE_SECTION, name, "url");
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException(
                        "no url for submodule '" + name + "' (path '" + path + "') in .gitmodules");
            }
            if ("none".equals(modules.getString(ConfigConstants.CONFIG_SUBMODULE_SECTION, name, "update"))) {
                log.accept("Submodule '" + name + "' (" + path + "): update = none in .gitmodules, skipped");
                continue;
            }
            ObjectId wanted = link.getValue();
            List<String> tried = new ArrayList<>();
            Optional<Found> found = find(source, sourceUrl, name, path, url, wanted, tried);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("submodule '" + name + "' (path '" + path + "', url '" + url
                        + "'): commit " + wanted.name() + " is in none of: " + String.join("; ", tried)
                        + hint(source, sources));
            }
            try (Repository from = found.get().repository()) {
                Repository checkedOut =
                        checkOut(target, name, path, from, found.get().path(), wanted);
                try (checkedOut) {
                    log.accept("Submodule '" + name + "' (" + url + ") checked out at " + wanted.name() + " into "
                            + path + " (from " + found.get().path() + ")");
                    if (recursive) {
                        update(from, found.get().url(), checkedOut, wanted, true, p -> true);
                    }
                }
            }
        }
    }

    /** The submodules ({@code gitlink} entries) of {@code commit}'s tree that {@code included} accepts, by path. */
    private static Map<String, ObjectId> gitlinks(Repository repo, ObjectId commit, Predicate<String> included)
            throws IOException {
        Map<String, ObjectId> links = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                if (tree.getFileMode(0) == FileMode.GITLINK && included.test(tree.getPathString())) {
                    links.put(tree.getPathString(), tree.getObjectId(0));
                }
            }
        }
        return links;
    }

    private static Config modulesFile(Repository repo, ObjectId commit) throws IOException {
        Config config = new Config();
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk file = TreeWalk.forPath(
                        repo,
                        Constants.DOT_GIT_MODULES,
                        walk.parseCommit(commit).getTree())) {
            if (file != null) {
                byte[] bytes = repo.open(file.getObjectId(0)).getBytes();
                config.fromText(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (ConfigInvalidException e) {
            throw new IllegalArgumentException(".gitmodules cannot be read: " + e.getMessage(), e);
        }
        return config;
    }

    /** The name of the submodule at {@code path} in {@code .gitmodules}, checked as git checks it. */
    private static String nameOf(Config modules, String path) {
        for (String name : modules.getSubsections(ConfigConstants.CONFIG_SUBMODULE_SECTION)) {
            if (path.equals(modules.getString(ConfigConstants.CONFIG_SUBMODULE_SECTION, name, "path"))) {
                // git refuses names that would lead out of .git/modules (CVE-2018-11235)
                if (name.isEmpty()
                        || name.startsWith("/")
                        || name.contains("\\")
                        || ("/" + name + "/").contains("/../")
                        || ("/" + name + "/").contains("/./")) {
                    throw new IllegalArgumentException("submodule name '" + name + "' in .gitmodules is not allowed");
                }
                return name;
            }
        }
        throw new IllegalArgumentException("no url found for submodule path '" + path + "' in .gitmodules");
    }

    private Optional<Found> find(
            Repository source,
            Optional<String> sourceUrl,
            String name,
            String path,
            String url,
            ObjectId wanted,
            List<String> tried)
            throws IOException {
        List<Path> local = new ArrayList<>();
        local.add(source.getDirectory().toPath().resolve("modules").resolve(name));
        local.add(source.getCommonDirectory().toPath().resolve("modules").resolve(name));
        if (!source.isBare()) {
            local.add(source.getWorkTree().toPath().resolve(path));
        }
        if (sources.byUrl()) {
            local.addAll(localPaths(source, url));
        }
        for (Path candidate : local.stream().distinct().toList()) {
            Optional<Found> found = open(candidate, wanted, tried);
            if (found.isPresent()) {
                return found;
            }
        }
        if (sources.hosted().isPresent()) {
            Optional<Found> found = onServer(sources.hosted().get(), sourceUrl, url, wanted, tried);
            if (found.isPresent()) {
                return found;
            }
        }
        if (sources.byUrl() && sources.actions().isPresent()) {
            for (String absolute : absoluteUrls(source, url)) {
                Matcher hosted = HOSTED.matcher(absolute);
                if (!hosted.matches()) {
                    continue;
                }
                Optional<Path> repo;
                try {
                    repo = sources.actions().get().gitRepository(hosted.group(1), hosted.group(2));
                } catch (ActionException e) {
                    tried.add(
                            hosted.group(1) + "/" + hosted.group(2) + " in the action source (" + e.getMessage() + ")");
                    continue;
                }
                if (repo.isEmpty()) {
                    tried.add(hosted.group(1) + "/" + hosted.group(2) + " in the action source ("
                            + sources.actions().get().describe() + ")");
                    continue;
                }
                Optional<Found> found = open(repo.get(), wanted, tried);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The submodule from the server, when its URL (relative to {@code sourceUrl}, or absolute) is on that server. */
    private Optional<Found> onServer(
            HostedRepositories hosted, Optional<String> sourceUrl, String url, ObjectId wanted, List<String> tried)
            throws IOException {
        String absolute;
        if (isRelative(url)) {
            if (sourceUrl.isEmpty()) {
                return Optional.empty();
            }
            absolute = resolve(sourceUrl.get(), url);
        } else {
            absolute = url;
        }
        String prefix = hosted.serverUrl() + "/";
        if (!absolute.startsWith(prefix)) {
            tried.add(absolute + " (not on this server)");
            return Optional.empty();
        }
        String[] parts = absolute.substring(prefix.length())
                .replaceFirst("(\\.git)?/?$", "")
                .split("/");
        if (parts.length != 2
                || parts[0].isEmpty()
                || parts[1].isEmpty()
                || parts[0].startsWith(".")
                || parts[1].startsWith(".")) {
            tried.add(absolute + " (no repository of this server)");
            return Optional.empty();
        }
        Optional<Path> mirror = hosted.mirror(parts[0], parts[1], token);
        if (mirror.isEmpty()) {
            tried.add(hosted.url(parts[0], parts[1]) + " (not found, or not readable with "
                    + (token.isPresent() ? "the token input" : "the job's token") + ")");
            return Optional.empty();
        }
        return open(mirror.get(), wanted, tried)
                .map(f -> new Found(f.path(), f.repository(), Optional.of(hosted.url(parts[0], parts[1]))));
    }

    private static Optional<Found> open(Path candidate, ObjectId wanted, List<String> tried) {
        if (!Files.exists(candidate.resolve(Constants.HEAD)) && !Files.exists(candidate.resolve(Constants.DOT_GIT))) {
            tried.add(candidate + " (no repository)");
            return Optional.empty();
        }
        Repository repo;
        try {
            repo = Checkout.open(candidate);
        } catch (IOException | IllegalArgumentException e) {
            tried.add(candidate + " (no repository)");
            return Optional.empty();
        }
        try {
            if (repo.getObjectDatabase().has(wanted)) {
                return Optional.of(new Found(candidate, repo, Optional.empty()));
            }
        } catch (IOException e) {
            // unreadable: as if it had not the commit
        }
        repo.close();
        tried.add(candidate + " (without that commit)");
        return Optional.empty();
    }

    /** The local repositories {@code url} may name: a path, a {@code file://} URL, or relative to the superproject. */
    private static List<Path> localPaths(Repository source, String url) {
        List<Path> paths = new ArrayList<>();
        List<String> urls = new ArrayList<>(absoluteUrls(source, url));
        if (isRelative(url)) {
            Path dir = source.isBare()
                    ? source.getDirectory().toPath()
                    : source.getWorkTree().toPath();
            urls.add(resolve(dir.toAbsolutePath().toString(), url));
        }
        for (String u : urls) {
            String p = u.startsWith("file://") ? u.substring("file://".length()) : u;
            if (p.startsWith("/")) {
                try {
                    paths.add(Path.of(p).normalize());
                    if (!p.endsWith(".git")) {
                        paths.add(Path.of(p + ".git").normalize());
                    }
                } catch (InvalidPathException e) {
                    // not a path of this machine
                }
            }
        }
        return paths;
    }

    /** {@code url} made absolute against the superproject's {@code origin}, as git resolves a relative URL. */
    private static List<String> absoluteUrls(Repository source, String url) {
        if (!isRelative(url)) {
            return List.of(url);
        }
        String origin = source.getConfig().getString("remote", "origin", "url");
        return origin == null ? List.of() : List.of(resolve(origin, url));
    }

    private static boolean isRelative(String url) {
        return url.startsWith("./") || url.startsWith("../");
    }

    /** Git's relative URL: each leading {@code ../} takes one component off {@code base}, {@code ./} none. */
    static String resolve(String base, String relative) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String r = relative;
        while (true) {
            if (r.startsWith("./")) {
                r = r.substring(2);
            } else if (r.startsWith("../")) {
                r = r.substring(3);
                int cut = Math.max(b.lastIndexOf('/'), b.lastIndexOf(':'));
                if (cut >= 0) {
                    b = b.substring(0, cut + (b.charAt(cut) == ':' ? 1 : 0));
                }
            } else {
                break;
            }
        }
        return b.endsWith(":") ? b + r : b + "/" + r;
    }

    /**
     * Makes {@code target}'s submodule {@code name} at {@code path} a repository of its own in {@code
     * .git/modules/<name>} with {@code from}'s objects, and checks {@code commit} out into it, its directory emptied
     * first; registers it in {@code target}'s config as {@code git submodule init} does. The caller closes the result.
     */
    private static Repository checkOut(
            Repository target, String name, String path, Repository from, Path fromPath, ObjectId commit)
            throws IOException, GitAPIException {
        Path gitDir = target.getDirectory().toPath().resolve("modules").resolve(name);
        Path workTree = target.getWorkTree().toPath().resolve(path);
        Repository sub = new FileRepositoryBuilder()
                .setGitDir(gitDir.toFile())
                .setWorkTree(workTree.toFile())
                .build();
        try {
            if (!Files.exists(gitDir.resolve(Constants.HEAD))) {
                sub.create();
            }
            StoredConfig config = sub.getConfig();
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_BARE, false);
            config.setString(
                    ConfigConstants.CONFIG_CORE_SECTION,
                    null,
                    ConfigConstants.CONFIG_KEY_WORKTREE,
                    gitDir.relativize(workTree).toString());
            config.save();
            Checkout.configureOrigin(sub, fromPath);
            Checkout.bringObjects(from, sub, commit, false);
            if (!sub.getObjectDatabase().has(commit)) {
                throw new IllegalArgumentException(
                        "submodule '" + name + "': commit " + commit.name() + " was not fetched from " + fromPath);
            }
            if (Files.isDirectory(workTree)) {
                FileTrees.deleteChildren(workTree);
            } else {
                Files.createDirectories(workTree);
            }
            Files.deleteIfExists(gitDir.resolve("index"));
            FreshCheckout.run(sub, commit);
            Files.writeString(workTree.resolve(Constants.DOT_GIT), "gitdir: " + workTree.relativize(gitDir) + "\n");
        } catch (IOException | GitAPIException | RuntimeException e) {
            sub.close();
            throw e;
        }
        StoredConfig superConfig = target.getConfig();
        superConfig.setString(ConfigConstants.CONFIG_SUBMODULE_SECTION, name, "url", fromPath.toString());
        superConfig.setBoolean(ConfigConstants.CONFIG_SUBMODULE_SECTION, name, "active", true);
        superConfig.save();
        return sub;
    }

    private static String hint(Repository source, Sources sources) {
        if (sources.hosted().isPresent()) {
            return ". On the server a submodule comes from a repository of the same server that the job's token"
                    + " (or the token input) may read";
        }
        if (!sources.byUrl()) {
            return ". Here a submodule is taken from the repository's own copy only (slipway run follows its URL)";
        }
        return source.isBare()
                ? ""
                : ". Run 'git submodule update --init --recursive' in " + source.getWorkTree()
                        + ", or put the repository in the action source";
    }
}
