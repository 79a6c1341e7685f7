package dev.slipway.server.api;

import dev.slipway.server.store.Artifact;
import dev.slipway.server.store.CacheEntry;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Artifacts and caches of a repository's runs, shaped after GitHub's actions artifacts and caches endpoints. */
final class ArtifactRoutes {
    private static final String ACTIONS = Api.PREFIX + "/repos/{owner}/{repo}/actions";
    private final Services s;

    ArtifactRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(ACTIONS + "/runs/{id}/artifacts", this::ofRun);
        routes.get(ACTIONS + "/artifacts", this::ofRepo);
        routes.get(ACTIONS + "/artifacts/{artifact}", this::one);
        routes.delete(ACTIONS + "/artifacts/{artifact}", this::delete);
        routes.get(ACTIONS + "/artifacts/{artifact}/zip", this::zip);
        routes.get(ACTIONS + "/caches", this::caches);
        routes.delete(ACTIONS + "/caches", this::deleteCaches);
    }

    private void ofRun(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var run = s.db().runs()
                .find(Requests.longPath(ctx, "id"))
                .filter(r -> r.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
        var all = s.db().artifacts().list(run.id());
        var page = Requests.page(ctx);
        var shown = all.stream().skip(page.offset()).limit(page.size()).toList();
        ctx.json(list(all.size(), shown, repo, s.links(ctx)));
    }

    private void ofRepo(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var name = Optional.ofNullable(ctx.queryParam("name")).filter(n -> !n.isBlank());
        var rows = s.db().artifacts().listForRepo(repo.id(), name, Requests.page(ctx));
        ctx.json(list(s.db().artifacts().countForRepo(repo.id(), name), rows, repo, s.links(ctx)));
    }

    private void one(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(view(artifact(ctx, repo), repo, s.links(ctx)));
    }

    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        s.runs().deleteArtifact(artifact(ctx, repo));
        ctx.status(204);
    }

    private void zip(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var artifact = artifact(ctx, repo);
        if (!artifact.expires().isAfter(Instant.now())) {
            throw new ApiError(410, "Artifact has expired");
        }
        try {
            ctx.header("Content-Disposition", "attachment; filename=\"" + artifact.fileName() + "\"");
            ctx.header("Content-Length", Long.toString(artifact.size()));
            ctx.contentType(artifact.contentType()).result(s.runs().openArtifact(artifact));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + artifact.id(), e);
        }
    }

    private void caches(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var key = Optional.ofNullable(ctx.queryParam("key")).filter(k -> !k.isBlank());
        var ref = Optional.ofNullable(ctx.queryParam("ref")).filter(k -> !k.isBlank());
        var page = Requests.page(ctx);
        if (key.isEmpty() && ref.isEmpty()) {
            var rows = s.db().caches().list(repo.id(), page);
            ctx.json(caches(s.db().caches().count(repo.id()), rows));
            return;
        }
        var matching = matching(repo, key, ref, false);
        ctx.json(caches(
                matching.size(),
                matching.stream().skip(page.offset()).limit(page.size()).toList()));
    }

    /** GitHub's "delete caches by key": {@code key} is required, {@code ref} narrows it to one scope. */
    private void deleteCaches(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var key = Optional.ofNullable(ctx.queryParam("key"))
                .filter(k -> !k.isBlank())
                .orElseThrow(() -> ApiError.invalid("'key' is required: the key of the caches to delete"));
        var ref = Optional.ofNullable(ctx.queryParam("ref")).filter(k -> !k.isBlank());
        var matching = matching(repo, Optional.of(key), ref, true);
        if (matching.isEmpty()) {
            throw ApiError.notFound();
        }
        matching.forEach(s.runs()::deleteCache);
        ctx.json(caches(matching.size(), matching));
    }

    /** A repository's entries with that key (a prefix unless {@code exact}) and ref, most recently used first. */
    private List<CacheEntry> matching(Repo repo, Optional<String> key, Optional<String> ref, boolean exact) {
        var all = new ArrayList<CacheEntry>();
        for (int number = 1; number <= 1000; number++) {
            var page = s.db().caches().list(repo.id(), Page.of(number, Page.MAX_SIZE));
            all.addAll(page);
            if (page.size() < Page.MAX_SIZE) {
                break;
            }
        }
        return all.stream()
                .filter(c -> key.isEmpty()
                        || (exact ? c.key().equals(key.get()) : c.key().startsWith(key.get())))
                .filter(c -> ref.isEmpty() || c.scope().equals(ref.get()))
                .toList();
    }

    private Artifact artifact(Context ctx, Repo repo) {
        return s.db().artifacts()
                .find(Requests.longPath(ctx, "artifact"))
                .filter(a -> s.db().runs()
                        .find(a.runId())
                        .filter(r -> r.repoId() == repo.id())
                        .isPresent())
                .orElseThrow(ApiError::notFound);
    }

    private Map<String, Object> list(long total, List<Artifact> rows, Repo repo, Links links) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", total);
        body.put("artifacts", rows.stream().map(a -> view(a, repo, links)).toList());
        return body;
    }

    private Map<String, @Nullable Object> view(Artifact a, Repo repo, Links links) {
        var api = links.repoApi(repo.fullName()) + "/actions/artifacts/" + a.id();
        var m = Views.obj();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("size_in_bytes", a.size());
        m.put("url", api);
        m.put("archive_download_url", api + "/zip");
        m.put("expired", !a.expires().isAfter(Instant.now()));
        m.put("digest", a.digest());
        m.put("created_at", Views.time(a.created()));
        m.put("updated_at", Views.time(a.created()));
        m.put("expires_at", Views.time(a.expires()));
        var run = s.db().runs().find(a.runId());
        m.put(
                "workflow_run",
                Map.of(
                        "id", a.runId(),
                        "repository_id", repo.id(),
                        "head_branch", run.flatMap(r -> r.headBranch()).orElse(""),
                        "head_sha", run.map(r -> r.sha()).orElse("")));
        return m;
    }

    private static Map<String, Object> caches(long total, List<CacheEntry> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", total);
        body.put(
                "actions_caches",
                rows.stream()
                        .map(c -> {
                            var m = Views.obj();
                            m.put("id", c.id());
                            m.put("ref", c.scope());
                            m.put("key", c.key());
                            m.put("version", c.version());
                            m.put("last_accessed_at", Views.time(c.lastUsed()));
                            m.put("created_at", Views.time(c.created()));
                            m.put("size_in_bytes", c.size());
                            return m;
                        })
                        .toList());
        return body;
    }
}
