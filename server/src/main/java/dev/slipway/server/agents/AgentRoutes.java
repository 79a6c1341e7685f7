package dev.slipway.server.agents;

import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.JobEvent;
import dev.slipway.protocol.Outcome;
import dev.slipway.protocol.WireJson;
import dev.slipway.server.store.AgentRow;
import dev.slipway.server.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent protocol over HTTP, under {@value #PREFIX}: registration, then {@code jobs/next} with the agent's
 * credential, and {@code jobs/events}, {@code jobs/lease}, {@code jobs/done} with the job token of a lease (both as
 * {@code Authorization: Bearer}). Errors are JSON {@code {"message": ...}}: 400 bad request, 401 bad credentials, 403
 * disabled agent, 409 lease lost ({@code "lease_lost": true}) or missing events ({@code "gap": true}).
 */
public final class AgentRoutes {
    /** Where the protocol lives. */
    public static final String PREFIX = "/api/agent/v1";

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final AgentHub hub;
    private final AgentRegistry registry;

    public AgentRoutes(AgentHub hub, AgentRegistry registry) {
        this.hub = hub;
        this.registry = registry;
    }

    public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/register", this::register);
        routes.post(PREFIX + "/jobs/next", this::next);
        routes.post(PREFIX + "/jobs/events", this::events);
        routes.post(PREFIX + "/jobs/lease", this::lease);
        routes.post(PREFIX + "/jobs/done", this::done);
    }

    record RegisterRequest(String registrationToken, String name, List<String> labels, int capacity, String version) {}

    record NextRequest(List<String> labels, long waitMillis) {}

    record EventsRequest(List<JobEvent> events) {}

    record LeaseRequest(long waitMillis) {}

    private void register(Context ctx) {
        var body = read(ctx, RegisterRequest.class);
        if (body == null) {
            return;
        }
        if (body.registrationToken() == null || body.name() == null || body.labels() == null) {
            error(ctx, 400, "registration_token, name and labels are required");
            return;
        }
        try {
            var done = registry.register(
                    body.registrationToken(),
                    body.name(),
                    body.labels(),
                    body.capacity() == 0 ? 1 : body.capacity(),
                    body.version() == null ? "unknown" : body.version());
            var out = new LinkedHashMap<String, Object>();
            out.put("id", done.agent().id());
            out.put("name", done.agent().name());
            out.put("credential", done.credential());
            ctx.status(201).json(out);
        } catch (IllegalArgumentException e) {
            error(ctx, 422, e.getMessage());
        } catch (StoreException e) {
            error(ctx, e.getMessage().contains("token") ? 401 : 409, e.getMessage());
        }
    }

    private void next(Context ctx) {
        var agent = agent(ctx);
        if (agent.isEmpty()) {
            return;
        }
        if (agent.get().disabled()) {
            error(ctx, 403, "agent '" + agent.get().name() + "' is disabled");
            return;
        }
        var body = read(ctx, NextRequest.class);
        if (body == null) {
            return;
        }
        var labels = new TreeSet<String>();
        (body.labels() == null ? agent.get().labels() : body.labels())
                .forEach(l -> labels.add(l.toLowerCase(Locale.ROOT)));
        registry.seen(agent.get(), List.copyOf(labels));
        var wait = Duration.ofMillis(Math.max(0, Math.min(body.waitMillis(), MAX_WAIT.toMillis())));
        var id = agent.get().id();
        // The row just read says the agent is enabled: that serves the first claim; later ones ask the store again.
        var first = new AtomicBoolean(true);
        var job = hub.next(agent.get().name(), labels, wait, () -> first.getAndSet(false) || registry.enabled(id));
        if (job.isEmpty()) {
            ctx.status(204);
        } else {
            ctx.contentType("application/json").result(WireJson.write(job.get()));
        }
    }

    private void events(Context ctx) {
        var body = read(ctx, EventsRequest.class);
        if (body == null) {
            return;
        }
        leased(ctx, token -> {
            var ack = hub.append(token, body.events() == null ? List.of() : body.events());
            ctx.json(Map.of("next", ack.next()));
        });
    }

    private void lease(Context ctx) {
        var body = read(ctx, LeaseRequest.class);
        if (body == null) {
            return;
        }
        var wait = Duration.ofMillis(Math.max(0, Math.min(body.waitMillis(), MAX_WAIT.toMillis())));
        leased(
                ctx,
                token -> ctx.json(
                        switch (hub.extendLease(token, wait)) {
                            case RUNNING -> Map.of("state", "running");
                            case CANCEL -> Map.of("state", "cancel");
                            // an agent that does not know "graceful" cancels by force
                            case CANCEL_GRACEFULLY -> Map.of("state", "cancel", "graceful", true);
                        }));
    }

    private void done(Context ctx) {
        var body = read(ctx, Outcome.class);
        if (body == null) {
            return;
        }
        leased(ctx, token -> {
            hub.done(token, body);
            ctx.status(204);
        });
    }

    private interface TokenCall {
        void run(String token);
    }

    private static void leased(Context ctx, TokenCall call) {
        var token = bearer(ctx);
        if (token.isEmpty() || !token.get().startsWith(Tokens.JOB)) {
            error(ctx, 401, "a job token is required (Authorization: Bearer slj_...)");
            return;
        }
        try {
            call.run(token.get());
        } catch (AgentChannel.LeaseLostException e) {
            ctx.status(409).json(Map.of("message", e.getMessage(), "lease_lost", true));
        } catch (AgentChannel.GapException e) {
            ctx.status(409).json(Map.of("message", e.getMessage(), "gap", true));
        }
    }

    private Optional<AgentRow> agent(Context ctx) {
        var agent = bearer(ctx).flatMap(registry::authenticate);
        if (agent.isEmpty()) {
            error(ctx, 401, "unknown agent credential: register the agent again with a new registration token");
        }
        return agent;
    }

    /** The credential of an {@code Authorization: Bearer} (or {@code token}) header, when there is one. */
    public static Optional<String> bearer(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        var value = header.strip();
        var lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return Optional.of(value.substring(7).strip());
        }
        if (lower.startsWith("token ")) {
            return Optional.of(value.substring(6).strip());
        }
        return Optional.empty();
    }

    private static <T> T read(Context ctx, Class<T> type) {
        try {
            return WireJson.read(ctx.body(), type);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return null;
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }
}
