package dev.slipway.server.agents;

import dev.slipway.actions.ArtifactStore;
import dev.slipway.actions.CacheStore;
import dev.slipway.protocol.StoredFiles;
import dev.slipway.protocol.WireJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The artifact and cache stores for remote agents, under {@code /api/agent/v1}, authenticated by a running job's token:
 * a job reaches the artifacts of its own run and the caches of its own repository, as the embedded agent does through
 * the same {@link ArtifactStore} and {@link CacheStore}.
 */
public final class StoreRoutes {
    private static final String PREFIX = AgentRoutes.PREFIX;

    private final AgentHub hub;
    private final Supplier<ArtifactStore> artifacts;
    private final Supplier<CacheStore> caches;

    /** The stores are looked up per request: the server creates them when its runs start. */
    public StoreRoutes(AgentHub hub, Supplier<ArtifactStore> artifacts, Supplier<CacheStore> caches) {
        this.hub = hub;
        this.artifacts = artifacts;
        this.caches = caches;
    }

    public void mount(RoutesConfig routes) {
        routes.get(PREFIX + "/runs/{run}/artifacts", this::listArtifacts);
        routes.put(PREFIX + "/runs/{run}/artifacts/{name}", this::uploadArtifact);
        routes.get(PREFIX + "/runs/{run}/artifacts/{name}", this::downloadArtifact);
        routes.post(PREFIX + "/caches/find", this::findCache);
        routes.put(PREFIX + "/caches", this::saveCache);
        routes.post(PREFIX + "/caches/archive", this::openCache);
    }

    private void listArtifacts(Context ctx) throws IOException {
        var run = run(ctx);
        if (run.isPresent()) {
            ctx.contentType("application/json")
                    .result(WireJson.write(artifacts.get().list(run.get()).stream()
                            .map(StoredFiles.ArtifactInfo::of)
                            .toList()));
        }
    }

    private void uploadArtifact(Context ctx) throws IOException {
        var run = run(ctx);
        if (run.isEmpty()) {
            return;
        }
        var retention = Integer.parseInt(
                Optional.ofNullable(ctx.queryParam("retention_days")).orElse("90"));
        var overwrite = Boolean.parseBoolean(ctx.queryParam("overwrite"));
        var archived = !"false".equals(ctx.queryParam("archived")); // archive: false, a file as it is
        var zip = Files.createTempFile("slipway-artifact", ".zip");
        try {
            try (InputStream in = ctx.bodyInputStream()) {
                Files.copy(in, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            var stored = artifacts.get().upload(run.get(), ctx.pathParam("name"), zip, retention, overwrite, archived);
            ctx.status(201).contentType("application/json").result(WireJson.write(StoredFiles.ArtifactInfo.of(stored)));
        } catch (FileAlreadyExistsException e) {
            error(ctx, 409, "an artifact named '" + ctx.pathParam("name") + "' exists in this run already");
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private void downloadArtifact(Context ctx) throws IOException {
        var run = run(ctx);
        if (run.isEmpty()) {
            return;
        }
        var found = artifacts.get().find(run.get(), ctx.pathParam("name"));
        if (found.isEmpty()) {
            error(ctx, 404, "no artifact named '" + ctx.pathParam("name") + "' in this run");
            return;
        }
        ctx.contentType(found.get().archived() ? "application/zip" : "application/octet-stream")
                .result(artifacts.get().open(found.get()));
    }

    private void findCache(Context ctx) throws IOException {
        var q = read(ctx, StoredFiles.CacheQuery.class);
        if (q.isEmpty() || !ownRepository(ctx, q.get().repository())) {
            return;
        }
        var found = caches.get()
                .find(
                        q.get().repository(),
                        q.get().scopes(),
                        q.get().version(),
                        q.get().keys());
        if (found.isEmpty()) {
            ctx.status(204);
        } else {
            ctx.contentType("application/json").result(WireJson.write(StoredFiles.CacheInfo.of(found.get())));
        }
    }

    private void saveCache(Context ctx) throws IOException {
        var repository = Optional.ofNullable(ctx.queryParam("repository")).orElse("");
        if (!ownRepository(ctx, repository)) {
            return;
        }
        var archive = Files.createTempFile("slipway-cache", ".tar");
        try {
            try (InputStream in = ctx.bodyInputStream()) {
                Files.copy(in, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            var saved = caches.get()
                    .save(
                            repository,
                            Optional.ofNullable(ctx.queryParam("scope")).orElse(""),
                            Optional.ofNullable(ctx.queryParam("key")).orElse(""),
                            Optional.ofNullable(ctx.queryParam("version")).orElse(""),
                            archive);
            if (saved.isEmpty()) {
                ctx.status(204);
            } else {
                ctx.status(201)
                        .contentType("application/json")
                        .result(WireJson.write(StoredFiles.CacheInfo.of(saved.get())));
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private void openCache(Context ctx) throws IOException {
        var entry = read(ctx, StoredFiles.CacheInfo.class);
        if (entry.isEmpty() || !ownRepository(ctx, entry.get().repository())) {
            return;
        }
        ctx.contentType("application/octet-stream")
                .result(caches.get().open(entry.get().entry()));
    }

    /** The run id in the path, when the job token belongs to a job of that run. */
    private Optional<String> run(Context ctx) {
        var job = job(ctx);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        var run = ctx.pathParam("run");
        if (!run.equals(Long.toString(job.get().runId()))) {
            error(ctx, 403, "a job token reaches the artifacts of its own run only");
            return Optional.empty();
        }
        return Optional.of(run);
    }

    private boolean ownRepository(Context ctx, String repository) {
        var job = job(ctx);
        if (job.isEmpty()) {
            return false;
        }
        if (!job.get().repository().equalsIgnoreCase(repository)) {
            error(ctx, 403, "a job token reaches the caches of its own repository only");
            return false;
        }
        return true;
    }

    private Optional<AgentHub.LeasedJob> job(Context ctx) {
        var header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        var token = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : "";
        var job = token.startsWith(Tokens.JOB) ? hub.job(token) : Optional.<AgentHub.LeasedJob>empty();
        if (job.isEmpty()) {
            error(ctx, 401, "a job token of a running job is required (Authorization: Bearer slj_...)");
        }
        return job;
    }

    private static <T> Optional<T> read(Context ctx, Class<T> type) {
        try {
            return Optional.of(WireJson.read(ctx.body(), type));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return Optional.empty();
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }
}
