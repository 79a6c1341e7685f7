package dev.slipway.server.web;

import dev.slipway.server.agents.AgentRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Optional;

/**
 * {@code /-/agents}: site administrators see the remote agents (labels, version, capacity, last contact, current
 * jobs), create registration tokens, and disable, enable or remove agents.
 */
final class AgentsPages {
    private final AgentRegistry registry;
    private final Visitors visitors;
    private final Templates templates;

    AgentsPages(AgentRegistry registry, Visitors visitors, Templates templates) {
        this.registry = registry;
        this.visitors = visitors;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get("/-/agents", ctx -> show(ctx, Optional.empty()));
        routes.post("/-/agents/registration-token", this::token);
        routes.post("/-/agents/{id}/disable", ctx -> toggle(ctx, true));
        routes.post("/-/agents/{id}/enable", ctx -> toggle(ctx, false));
        routes.post("/-/agents/{id}/delete", this::delete);
    }

    private Visitors.Visitor admin(Context ctx) {
        var visitor = visitors.visitor(ctx);
        if (visitor.user().isEmpty() || !visitor.user().get().admin()) {
            throw new NotFound();
        }
        return visitor;
    }

    private void show(Context ctx, Optional<AgentRegistry.Registration> token) {
        var visitor = admin(ctx);
        var rows = registry.list().stream()
                .map(l -> new AgentView(
                        l.agent().id(),
                        l.agent().name(),
                        String.join(", ", l.agent().labels()),
                        l.agent().capacity(),
                        l.agent().version(),
                        l.agent()
                                .lastSeen()
                                .map(t -> Times.ago(t, java.time.Instant.now()))
                                .orElse("never"),
                        l.agent().disabled(),
                        l.jobs().stream()
                                .map(j -> j.name() + " (run " + j.runId() + ")")
                                .toList()))
                .toList();
        var params = new HashMap<String, Object>();
        params.put("chrome", Access.chrome("Agents", visitor));
        params.put("agents", rows);
        params.put("token", token.map(AgentRegistry.Registration::token).orElse(""));
        templates.page(ctx, "agents.jte", params);
    }

    private void token(Context ctx) {
        var visitor = admin(ctx);
        if (!Visitors.csrfMatches(ctx, visitor)) {
            ctx.status(403);
            show(ctx, Optional.empty());
            return;
        }
        show(ctx, Optional.of(registry.createToken(visitor.user().orElseThrow())));
    }

    private void toggle(Context ctx, boolean disabled) {
        var visitor = admin(ctx);
        if (Visitors.csrfMatches(ctx, visitor)) {
            registry.setDisabled(id(ctx), disabled);
        }
        ctx.redirect("/-/agents", HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        var visitor = admin(ctx);
        if (Visitors.csrfMatches(ctx, visitor)) {
            registry.delete(id(ctx));
        }
        ctx.redirect("/-/agents", HttpStatus.SEE_OTHER);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }
}
