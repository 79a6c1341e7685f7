package dev.slipway.server.api;

import dev.slipway.git.ArchiveFormat;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.TreeEntry;
import dev.slipway.server.releases.SourceArchives;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository's files at a ref, as GitHub's "repository contents" routes: the contents of a path (a file, a
 * directory's listing, a symlink, a submodule), the README, and source archives ({@code tarball}, {@code zipball}).
 * {@code Accept: application/vnd.github.raw} gives a file's bytes; {@code application/vnd.github.object} a directory
 * as an object with its {@code entries}. Reading needs read access (a job's token {@code contents: read}).
 */
final class ContentsRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    static final Pattern RAW = Pattern.compile("application/vnd\\.github(\\.v3)?\\.raw");
    private static final Pattern OBJECT = Pattern.compile("application/vnd\\.github(\\.v3)?\\.object");
    private final Services s;

    ContentsRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(REPO + "/contents", ctx -> contents(ctx, ""));
        routes.get(REPO + "/contents/<path>", ctx -> contents(ctx, ctx.pathParam("path")));
        routes.get(REPO + "/readme", ctx -> readme(ctx, ""));
        routes.get(REPO + "/readme/<dir>", ctx -> readme(ctx, ctx.pathParam("dir")));
        routes.get(REPO + "/tarball", ctx -> archive(ctx, "", ArchiveFormat.TAR_GZ));
        routes.get(REPO + "/tarball/<ref>", ctx -> archive(ctx, ctx.pathParam("ref"), ArchiveFormat.TAR_GZ));
        routes.get(REPO + "/zipball", ctx -> archive(ctx, "", ArchiveFormat.ZIP));
        routes.get(REPO + "/zipball/<ref>", ctx -> archive(ctx, ctx.pathParam("ref"), ArchiveFormat.ZIP));
    }

    /** The commit a request reads and the ref its links name: {@code ref} or else the default branch. */
    private record At(String ref, String sha) {
        static At of(HostedRepo git, String wanted) {
            var ref = wanted.isBlank() ? git.defaultBranch() : wanted;
            return new At(
                    ref,
                    SourceArchives.commit(git, ref)
                            .orElseThrow(() -> git.isEmpty()
                                    ? new ApiError(404, "This repository is empty.")
                                    : new ApiError(404, "No commit found for the ref " + ref)));
        }
    }

    private void archive(Context ctx, String ref, ArchiveFormat format) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        s.withGit(repo, git -> {
            var at = At.of(git, ref);
            SourceArchives.send(
                    ctx, git, at.sha(), format, SourceArchives.apiName(repo.ownerLogin(), repo.name(), at.sha()));
            return true;
        });
    }

    private void contents(Context ctx, String path) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        s.withGit(repo, git -> {
            var at = At.of(git, Optional.ofNullable(ctx.queryParam("ref")).orElse(""));
            var views = new ContentViews(s.links(ctx), repo.fullName(), at.ref());
            var clean = path.replaceAll("^/+|/+$", "");
            if (clean.isEmpty()) {
                directory(ctx, git, at, views, Optional.empty());
                return true;
            }
            var entry = git.entry(at.sha(), clean).orElseThrow(ApiError::notFound);
            switch (entry.type()) {
                case DIRECTORY -> directory(ctx, git, at, views, Optional.of(entry));
                case SUBMODULE -> ctx.json(views.submodule(entry, git.submoduleUrl(at.sha(), entry.path())));
                case SYMLINK -> symlink(ctx, git, at, views, entry);
                case FILE, EXECUTABLE -> file(ctx, git, views, entry);
            }
            return true;
        });
    }

    private void readme(Context ctx, String dir) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        s.withGit(repo, git -> {
            var at = At.of(git, Optional.ofNullable(ctx.queryParam("ref")).orElse(""));
            var readme = git.readme(at.sha(), dir.replaceAll("^/+|/+$", "")).orElseThrow(ApiError::notFound);
            var entry = git.entry(at.sha(), readme.path()).orElseThrow(ApiError::notFound);
            file(ctx, git, new ContentViews(s.links(ctx), repo.fullName(), at.ref()), entry);
            return true;
        });
    }

    private static void directory(Context ctx, HostedRepo git, At at, ContentViews views, Optional<TreeEntry> dir) {
        var entries = git.tree(at.sha(), dir.map(TreeEntry::path).orElse("")).orElseThrow(ApiError::notFound).stream()
                .sorted(Comparator.comparing(TreeEntry::name))
                .toList();
        if (accepts(ctx, OBJECT)) {
            ctx.json(views.directory(dir, entries));
        } else {
            ctx.json(entries.stream().map(views::entry).toList());
        }
    }

    /** A symlink to a file of the repository answers with that file, as on GitHub; any other is described. */
    private static void symlink(Context ctx, HostedRepo git, At at, ContentViews views, TreeEntry link) {
        var bytes = new ByteArrayOutputStream();
        git.writeBlob(link.sha(), bytes);
        var target = bytes.toString(StandardCharsets.UTF_8);
        var file = resolve(link.path(), target)
                .flatMap(p -> git.entry(at.sha(), p))
                .filter(e -> e.type() == TreeEntry.Type.FILE || e.type() == TreeEntry.Type.EXECUTABLE);
        if (file.isPresent()) {
            file(ctx, git, views, file.get());
        } else {
            ctx.json(views.symlink(link, target));
        }
    }

    private static void file(Context ctx, HostedRepo git, ContentViews views, TreeEntry file) {
        long size = file.size().orElse(0);
        if (accepts(ctx, RAW)) {
            raw(ctx, git, file.sha(), size);
            return;
        }
        Optional<byte[]> content = Optional.empty();
        if (size <= ContentViews.INLINE_LIMIT) {
            var bytes = new ByteArrayOutputStream((int) size);
            git.writeBlob(file.sha(), bytes);
            content = Optional.of(bytes.toByteArray());
        }
        ctx.json(views.file(file, content));
    }

    /**
     * The repository path a symlink at {@code link} pointing to {@code target} names; empty when the target is
     * absolute or leaves the repository.
     */
    static Optional<String> resolve(String link, String target) {
        if (target.startsWith("/") || target.isEmpty()) {
            return Optional.empty();
        }
        var parts = new ArrayDeque<String>();
        int slash = link.lastIndexOf('/');
        if (slash > 0) {
            for (var part : link.substring(0, slash).split("/")) {
                parts.addLast(part);
            }
        }
        for (var part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    /** A blob's bytes as they are read, for {@code Accept: application/vnd.github.raw}. */
    static void raw(Context ctx, HostedRepo git, String sha, long size) {
        ctx.header("Content-Length", Long.toString(size));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("application/vnd.github.raw");
        git.writeBlob(sha, ctx.outputStream());
    }

    static boolean accepts(Context ctx, Pattern mediaType) {
        var accept = ctx.header("Accept");
        return accept != null && mediaType.matcher(accept).find();
    }
}
