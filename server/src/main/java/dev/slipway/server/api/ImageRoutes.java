package dev.slipway.server.api;

import dev.slipway.common.UserError;
import dev.slipway.server.images.ImmutableTags;
import dev.slipway.server.store.Image;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository's registry images ({@code GET /repos/{owner}/{repo}/images}) and its immutable tag patterns
 * ({@code GET/PUT /repos/{owner}/{repo}/images/immutable-tags}). GitHub keeps images in its Packages API, which has no
 * per-repository listing; these routes are Slipway's own.
 */
final class ImageRoutes {
    private static final String IMAGES = Api.PREFIX + "/repos/{owner}/{repo}/images";
    private final Services s;

    ImageRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(IMAGES, this::list);
        routes.get(IMAGES + "/immutable-tags", this::patterns);
        routes.put(IMAGES + "/immutable-tags", this::setPatterns);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var links = s.links(ctx);
        ctx.json(s.db().images().list(repo.id(), Requests.page(ctx)).stream()
                .map(i -> view(i, repo, links))
                .toList());
    }

    private void patterns(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(Map.of("patterns", s.db().images().immutablePatterns(repo.id())));
    }

    private void setPatterns(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var node = Requests.body(ctx).get("patterns");
        if (node == null || !node.isArray()) {
            throw ApiError.invalid("'patterns' is required: an array of tag patterns such as [\"v*\"]");
        }
        List<String> given = new ArrayList<>();
        for (var item : node) {
            if (!item.isTextual()) {
                throw ApiError.invalid("'patterns' must hold strings only");
            }
            given.add(item.asText());
        }
        List<String> patterns;
        try {
            patterns = ImmutableTags.validate(given);
        } catch (UserError e) {
            throw ApiError.invalid(e.getMessage());
        }
        s.db().images().setImmutablePatterns(repo.id(), patterns);
        ctx.json(Map.of("patterns", patterns));
    }

    private static Map<String, Object> view(Image image, Repo repo, Links links) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", image.id());
        m.put("name", image.name());
        m.put("digest", image.digest());
        m.put("media_type", image.mediaType());
        m.put("size", image.size());
        m.put("platforms", image.platforms());
        m.put("tags", image.tags());
        m.put("revision", image.revision().orElse(null));
        m.put(
                "commit_url",
                image.revision()
                        .map(sha -> links.repoApi(repo.fullName()) + "/commits/" + sha)
                        .orElse(null));
        m.put("run", image.run().map(r -> runRef(r, repo, links)).orElse(null));
        m.put("pusher", image.pusher().orElse(null));
        m.put("pushed_at", Views.time(image.pushedAt()));
        m.put("pull", pullHost(links) + "/" + image.name() + "@" + image.digest());
        return m;
    }

    private static Map<String, Object> runRef(Image.RunRef run, Repo repo, Links links) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", run.id());
        m.put("run_number", run.number());
        m.put("url", links.repoApi(repo.fullName()) + "/actions/runs/" + run.id());
        m.put("html_url", links.web("/" + repo.fullName() + "/actions/runs/" + run.id()));
        return m;
    }

    /** The registry host clients pull from: the server's host and port. */
    static String pullHost(Links links) {
        var base = links.base();
        return base.substring(base.indexOf("://") + 3);
    }
}
