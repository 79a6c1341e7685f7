package dev.slipway.server.api;

import dev.slipway.server.agents.AgentRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Site administrators' management of remote agents, shaped like GitHub's self-hosted runners API: {@code
 * /admin/runners/registration-token}, {@code /admin/runners}, {@code /admin/runners/{id}}.
 */
public final class RunnerRoutes {
    private final AgentRegistry registry;

    public RunnerRoutes(AgentRegistry registry) {
        this.registry = registry;
    }

    public void mount(RoutesConfig routes) {
        routes.post(Api.PREFIX + "/admin/runners/registration-token", this::token);
        routes.get(Api.PREFIX + "/admin/runners", this::list);
        routes.get(Api.PREFIX + "/admin/runners/{id}", this::get);
        routes.patch(Api.PREFIX + "/admin/runners/{id}", this::update);
        routes.delete(Api.PREFIX + "/admin/runners/{id}", this::delete);
    }

    private static void requireAdmin(Context ctx) {
        if (!Requests.requireUser(ctx).admin()) {
            throw ApiError.forbidden("Must be a site administrator");
        }
    }

    private void token(Context ctx) {
        requireAdmin(ctx);
        var made = registry.createToken(Requests.requireUser(ctx));
        ctx.status(201)
                .json(Map.of("token", made.token(), "expires_at", made.expires().toString()));
    }

    private void list(Context ctx) {
        requireAdmin(ctx);
        var runners = registry.list().stream().map(RunnerRoutes::view).toList();
        ctx.json(Map.of("total_count", runners.size(), "runners", runners));
    }

    private void get(Context ctx) {
        requireAdmin(ctx);
        var id = Requests.longPath(ctx, "id");
        ctx.json(view(registry.find(id).orElseThrow(ApiError::notFound)));
    }

    private void update(Context ctx) {
        requireAdmin(ctx);
        var id = Requests.longPath(ctx, "id");
        var body = Requests.body(ctx);
        if (!body.has("disabled") || !body.get("disabled").isBoolean()) {
            throw ApiError.invalid("disabled must be true or false");
        }
        if (!registry.setDisabled(id, body.get("disabled").asBoolean())) {
            throw ApiError.notFound();
        }
        ctx.json(view(registry.find(id).orElseThrow(ApiError::notFound)));
    }

    private void delete(Context ctx) {
        requireAdmin(ctx);
        if (!registry.delete(Requests.longPath(ctx, "id"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private static Map<String, Object> view(AgentRegistry.Listed listed) {
        var a = listed.agent();
        var m = new LinkedHashMap<String, Object>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("status", a.disabled() ? "disabled" : listed.jobs().isEmpty() ? "idle" : "busy");
        m.put("busy", !listed.jobs().isEmpty());
        m.put("labels", a.labels().stream().map(l -> Map.of("name", l)).toList());
        m.put("capacity", a.capacity());
        m.put("version", a.version());
        m.put("last_seen_at", a.lastSeen().map(Object::toString).orElse(null));
        m.put(
                "jobs",
                listed.jobs().stream()
                        .map(j -> Map.of("id", j.id(), "run_id", j.runId(), "name", j.name()))
                        .toList());
        return m;
    }
}
