package dev.slipway.server.web;

import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Hook;
import dev.slipway.server.store.Hooks;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's webhooks (administrators only): add one (a ping goes out at once), see each one's latest
 * deliveries and their answers, send one again, delete a hook.
 */
final class HookPages {
    private static final String PATH = "/{owner}/{repo}/settings/hooks";
    private static final int SHOWN_DELIVERIES = 10;

    private final Database db;
    private final Webhooks hooks;
    private final Access access;
    private final Templates templates;

    HookPages(Database db, Webhooks hooks, Access access, Templates templates) {
        this.db = db;
        this.hooks = hooks;
        this.access = access;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get(PATH, ctx -> show(ctx, admin(ctx), ""));
        routes.post(PATH, this::create);
        routes.post(PATH + "/{hook}/delete", this::delete);
        routes.post(PATH + "/{hook}/deliveries/{delivery}/redeliver", this::redeliver);
    }

    private Access.Seen admin(Context ctx) {
        var seen = access.repo(ctx);
        if (!access.role(seen).map(r -> r.allows(Role.ADMIN)).orElse(false)) {
            throw new NotFound();
        }
        return seen;
    }

    /** An administrator's form with its CSRF token; {@link Forbidden} otherwise. */
    private Access.Seen form(Context ctx) {
        var seen = admin(ctx);
        if (!Visitors.csrfMatches(ctx, seen.visitor())) {
            throw new Forbidden("Your form expired; reload the page and try again.");
        }
        return seen;
    }

    private void show(Context ctx, Access.Seen seen, String error) {
        var now = Instant.now();
        var rows = db.hooks().list(seen.repo().id()).stream()
                .map(h -> new HookModel.HookRow(
                        h.id(),
                        h.url(),
                        String.join(", ", h.events()),
                        h.active(),
                        db.hooks().deliveries(h.id(), Page.first(SHOWN_DELIVERIES)).stream()
                                .map(d -> new HookModel.DeliveryRow(
                                        d.id(),
                                        d.event()
                                                + d.action()
                                                        .map(a -> " (" + a + ")")
                                                        .orElse(""),
                                        d.statusCode()
                                                .map(c -> c + (d.succeeded() ? " OK" : " refused"))
                                                .or(d::error)
                                                .orElse("sending…"),
                                        d.succeeded(),
                                        Times.ago(d.created(), now)))
                                .toList()))
                .toList();
        if (!error.isEmpty()) {
            ctx.status(422);
        }
        templates.page(
                ctx,
                "hooks.jte",
                Map.of(
                        "chrome",
                        Access.chrome("Webhooks · " + seen.repo().fullName(), seen.visitor()),
                        "fullName",
                        seen.repo().fullName(),
                        "hooks",
                        rows,
                        "events",
                        Webhooks.EVENTS,
                        "error",
                        error));
    }

    private void create(Context ctx) {
        var seen = form(ctx);
        var url = Optional.ofNullable(ctx.formParam("url")).orElse("").strip();
        var problem = Webhooks.urlProblem(url);
        if (problem.isPresent()) {
            show(ctx, seen, "Payload URL: " + problem.get());
            return;
        }
        var events = ctx.formParams("event").stream()
                .filter(Webhooks.EVENTS::contains)
                .toList();
        if (events.isEmpty()) {
            show(ctx, seen, "Choose at least one event.");
            return;
        }
        var type = "form".equals(ctx.formParam("content_type")) ? "form" : "json";
        var secret = Optional.ofNullable(ctx.formParam("secret"))
                .filter(x -> !x.isEmpty())
                .map(hooks.box()::encrypt);
        Hook hook = db.hooks().create(seen.repo().id(), new Hooks.Fields(url, type, secret, events, true));
        hooks.ping(hook, seen.repo(), seen.visitor().user().map(u -> u.login()).orElse("admin"));
        ctx.redirect("/" + seen.repo().fullName() + "/settings/hooks", HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        var seen = form(ctx);
        hook(ctx, seen).ifPresent(h -> db.hooks().delete(h.id()));
        ctx.redirect("/" + seen.repo().fullName() + "/settings/hooks", HttpStatus.SEE_OTHER);
    }

    private void redeliver(Context ctx) {
        var seen = form(ctx);
        var hook = hook(ctx, seen).orElseThrow(NotFound::new);
        var delivery = db.hooks()
                .delivery(longParam(ctx, "delivery"))
                .filter(d -> d.hookId() == hook.id())
                .orElseThrow(NotFound::new);
        hooks.redeliver(hook, delivery);
        ctx.redirect("/" + seen.repo().fullName() + "/settings/hooks", HttpStatus.SEE_OTHER);
    }

    private Optional<Hook> hook(Context ctx, Access.Seen seen) {
        return db.hooks()
                .find(longParam(ctx, "hook"))
                .filter(h -> h.repoId() == seen.repo().id());
    }

    private static long longParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }
}
