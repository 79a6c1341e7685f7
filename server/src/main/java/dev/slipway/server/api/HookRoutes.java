package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.store.Hook;
import dev.slipway.server.store.HookDelivery;
import dev.slipway.server.store.Hooks;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * GitHub's repository webhooks API (administrators only): create (a {@code ping} is sent at once), list, read,
 * change, delete, ping, and the deliveries with their bodies and answers, sent again on request.
 */
final class HookRoutes {
    private static final String HOOKS = Api.PREFIX + "/repos/{owner}/{repo}/hooks";
    private static final String HOOK = HOOKS + "/{hook}";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Services s;
    private final Webhooks hooks;

    HookRoutes(Services services, Webhooks hooks) {
        this.s = services;
        this.hooks = hooks;
    }

    void mount(RoutesConfig routes) {
        routes.get(HOOKS, this::list);
        routes.post(HOOKS, this::create);
        routes.get(HOOK, this::one);
        routes.patch(HOOK, this::update);
        routes.delete(HOOK, this::delete);
        routes.post(HOOK + "/pings", this::ping);
        routes.get(HOOK + "/deliveries", this::deliveries);
        routes.get(HOOK + "/deliveries/{delivery}", this::delivery);
        routes.post(HOOK + "/deliveries/{delivery}/attempts", this::redeliver);
    }

    private Repo admin(Context ctx) {
        return Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
    }

    private void list(Context ctx) {
        var repo = admin(ctx);
        var links = s.links(ctx);
        ctx.json(s.db().hooks().list(repo.id()).stream()
                .map(h -> view(h, repo, links))
                .toList());
    }

    private void one(Context ctx) {
        var repo = admin(ctx);
        ctx.json(view(hook(ctx, repo), repo, s.links(ctx)));
    }

    private void create(Context ctx) {
        var repo = admin(ctx);
        var body = Requests.body(ctx);
        var config = body.get("config");
        if (config == null || !config.isObject()) {
            throw ApiError.invalid("'config' is required: an object with 'url' (and 'content_type', 'secret')");
        }
        var fields = new Hooks.Fields(
                url(Requests.string(config, "url")),
                contentType(Requests.optString(config, "content_type").orElse("json")),
                Requests.optString(config, "secret").filter(x -> !x.isEmpty()).map(hooks.box()::encrypt),
                events(body.get("events"), List.of("push")),
                Requests.bool(body, "active", true));
        var hook = s.db().hooks().create(repo.id(), fields);
        hooks.ping(hook, repo, Requests.requireUser(ctx).login());
        ctx.status(201).json(view(hook, repo, s.links(ctx)));
    }

    private void update(Context ctx) {
        var repo = admin(ctx);
        var hook = hook(ctx, repo);
        var body = Requests.body(ctx);
        var config = body.get("config");
        String url = hook.url();
        String type = hook.contentType();
        Optional<String> secret = hook.secret();
        if (config != null && config.isObject()) {
            url = Requests.optString(config, "url").map(HookRoutes::url).orElse(url);
            type = Requests.optString(config, "content_type")
                    .map(HookRoutes::contentType)
                    .orElse(type);
            if (config.has("secret")) { // an empty secret removes it
                secret = Requests.optString(config, "secret")
                        .filter(x -> !x.isEmpty())
                        .map(hooks.box()::encrypt);
            }
        }
        var events = new LinkedHashSet<>(body.has("events") ? events(body.get("events"), List.of()) : hook.events());
        events.addAll(body.has("add_events") ? events(body.get("add_events"), List.of()) : List.of());
        if (body.has("remove_events")) {
            events(body.get("remove_events"), List.of()).forEach(events::remove);
        }
        var changed = s.db().hooks()
                .update(
                        hook.id(),
                        new Hooks.Fields(
                                url, type, secret, List.copyOf(events), Requests.bool(body, "active", hook.active())))
                .orElseThrow(ApiError::notFound);
        ctx.json(view(changed, repo, s.links(ctx)));
    }

    private void delete(Context ctx) {
        var hook = hook(ctx, admin(ctx));
        s.db().hooks().delete(hook.id());
        ctx.status(204);
    }

    private void ping(Context ctx) {
        var repo = admin(ctx);
        hooks.ping(hook(ctx, repo), repo, Requests.requireUser(ctx).login());
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        var hook = hook(ctx, admin(ctx));
        ctx.json(s.db().hooks().deliveries(hook.id(), Requests.page(ctx)).stream()
                .map(d -> summary(d, hook))
                .toList());
    }

    private void delivery(Context ctx) {
        var hook = hook(ctx, admin(ctx));
        var d = delivery(ctx, hook);
        var m = summary(d, hook);
        m.put("request", Map.of("payload", jsonOrText(d.body())));
        m.put("response", Map.of("payload", d.response().orElse("")));
        ctx.json(m);
    }

    private void redeliver(Context ctx) {
        var hook = hook(ctx, admin(ctx));
        hooks.redeliver(hook, delivery(ctx, hook));
        ctx.status(202).json(Map.of());
    }

    private Hook hook(Context ctx, Repo repo) {
        return s.db().hooks()
                .find(Requests.longPath(ctx, "hook"))
                .filter(h -> h.repoId() == repo.id())
                .orElseThrow(ApiError::notFound);
    }

    private HookDelivery delivery(Context ctx, Hook hook) {
        return s.db().hooks()
                .delivery(Requests.longPath(ctx, "delivery"))
                .filter(d -> d.hookId() == hook.id())
                .orElseThrow(ApiError::notFound);
    }

    private static String url(String url) {
        Webhooks.urlProblem(url).ifPresent(problem -> {
            throw ApiError.invalid("'config.url': " + problem);
        });
        return url;
    }

    private static String contentType(String type) {
        if (type.equals("json") || type.equals("form")) {
            return type;
        }
        throw ApiError.invalid("'config.content_type' must be json or form, not '" + type + "'");
    }

    private static List<String> events(@Nullable JsonNode node, List<String> fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            throw ApiError.invalid("'events' must be an array of event names");
        }
        var out = new ArrayList<String>();
        for (JsonNode e : node) {
            var name = e.asText();
            if (!name.equals("*") && !Webhooks.EVENTS.contains(name)) {
                throw ApiError.invalid("unknown webhook event '" + name + "'; known: "
                        + String.join(", ", Webhooks.EVENTS) + " (or * for all)");
            }
            out.add(name);
        }
        return out;
    }

    private static Object jsonOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return body;
        }
    }

    private static Map<String, @Nullable Object> view(Hook h, Repo repo, Links links) {
        var api = links.repoApi(repo.fullName()) + "/hooks/" + h.id();
        var m = Views.obj();
        m.put("type", "Repository");
        m.put("id", h.id());
        m.put("name", "web");
        m.put("active", h.active());
        m.put("events", h.events());
        var config = Views.obj();
        config.put("url", h.url());
        config.put("content_type", h.contentType());
        config.put("insecure_ssl", "0");
        if (h.secret().isPresent()) {
            config.put("secret", "********");
        }
        m.put("config", config);
        m.put("created_at", Views.time(h.created()));
        m.put("updated_at", Views.time(h.updated()));
        m.put("url", api);
        m.put("ping_url", api + "/pings");
        m.put("deliveries_url", api + "/deliveries");
        return m;
    }

    private static Map<String, @Nullable Object> summary(HookDelivery d, Hook hook) {
        var m = Views.obj();
        m.put("id", d.id());
        m.put("guid", d.guid());
        m.put("delivered_at", d.delivered().map(Views::time).orElse(null));
        m.put("redelivery", d.redelivery());
        m.put("duration", d.durationMillis().map(ms -> ms / 1000.0).orElse(null));
        m.put(
                "status",
                d.statusCode()
                        .map(c -> d.succeeded() ? "OK" : "Invalid HTTP Response: " + c)
                        .or(d::error)
                        .orElse("pending"));
        m.put("status_code", d.statusCode().orElse(0));
        m.put("event", d.event());
        m.put("action", d.action().orElse(null));
        m.put("repository_id", hook.repoId());
        return m;
    }
}
