package dev.slipway.server.api;

import dev.slipway.git.TreeEntry;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Git's objects by id, as GitHub's "Git database" routes read them (the {@code git_url} of the contents API): a blob
 * in base64, or its bytes with {@code Accept: application/vnd.github.raw}; a tree's entries, its subtrees' too with
 * {@code ?recursive=1}.
 */
final class GitRoutes {
    private static final String REPO = Api.PREFIX + "/repos/{owner}/{repo}";
    /** The largest blob the JSON carries, as on GitHub: 100 MiB; larger ones only raw. */
    private static final long BLOB_LIMIT = 100L * 1024 * 1024;
    /** The most entries a tree answer lists, as on GitHub; beyond, {@code truncated} is true. */
    private static final int TREE_LIMIT = 100_000;

    private final Services s;

    GitRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(REPO + "/git/blobs/{sha}", this::blob);
        routes.get(REPO + "/git/trees/<sha>", this::tree);
    }

    private void blob(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var sha = ctx.pathParam("sha");
        s.withGit(repo, git -> {
            long size = git.blobSize(sha).orElseThrow(ApiError::notFound);
            if (ContentsRoutes.accepts(ctx, ContentsRoutes.RAW)) {
                ContentsRoutes.raw(ctx, git, sha, size);
                return true;
            }
            if (size > BLOB_LIMIT) {
                throw ApiError.forbidden("This blob is larger than 100 MB: read it with"
                        + " 'Accept: application/vnd.github.raw', or clone the repository");
            }
            var bytes = new ByteArrayOutputStream((int) size);
            git.writeBlob(sha, bytes);
            var m = Views.obj();
            m.put("sha", sha);
            m.put("size", size);
            m.put("url", s.links(ctx).repoApi(repo.fullName()) + "/git/blobs/" + sha);
            m.put("content", ContentViews.base64(bytes.toByteArray()));
            m.put("encoding", "base64");
            ctx.json(m);
            return true;
        });
    }

    private void tree(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var api = s.links(ctx).repoApi(repo.fullName()) + "/git";
        // GitHub: any value of 'recursive' asks for the subtrees
        boolean recursive = ctx.queryParam("recursive") != null;
        var tree = s.withGit(repo, git -> git.treeObject(ctx.pathParam("sha"), recursive))
                .orElseThrow(ApiError::notFound);
        var m = Views.obj();
        m.put("sha", tree.sha());
        m.put("url", api + "/trees/" + tree.sha());
        m.put(
                "tree",
                tree.entries().stream()
                        .limit(TREE_LIMIT)
                        .map(e -> entry(e, api))
                        .toList());
        m.put("truncated", tree.entries().size() > TREE_LIMIT);
        ctx.json(m);
    }

    private static Map<String, @Nullable Object> entry(TreeEntry e, String api) {
        var m = Views.obj();
        m.put("path", e.path());
        m.put("mode", e.mode());
        var type = switch (e.type()) {
            case DIRECTORY -> "tree";
            case SUBMODULE -> "commit";
            default -> "blob";
        };
        m.put("type", type);
        m.put("sha", e.sha());
        if (e.size().isPresent()) {
            m.put("size", e.size().getAsLong());
        }
        if (!type.equals("commit")) {
            m.put("url", api + "/" + type + "s/" + e.sha());
        }
        return m;
    }
}
