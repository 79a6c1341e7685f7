package dev.slipway.server.web;

import dev.slipway.server.auth.TokenScopes;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Token;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code /-/tokens}: a signed-in user's personal access tokens (for git, the registry, the API and {@code slipway
 * login}): the list, a form to create one with a name, scopes and a lifetime (its secret shown once), and revoking.
 */
final class TokensPage {
    /** The lifetimes the form offers, in days (0: no expiry). */
    static final List<Integer> LIFETIMES = List.of(7, 30, 90, 365, 0);

    private final Database db;
    private final Visitors visitors;
    private final Templates templates;

    TokensPage(Database db, Visitors visitors, Templates templates) {
        this.db = db;
        this.visitors = visitors;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get("/-/tokens", ctx -> show(ctx, Optional.empty(), "", ""));
        routes.post("/-/tokens", this::create);
        routes.post("/-/tokens/{id}/revoke", this::revoke);
    }

    /** The signed-in visitor; empty after sending anyone else to sign in. */
    private Optional<Visitors.Visitor> signedIn(Context ctx) {
        var visitor = visitors.visitor(ctx);
        if (visitor.user().isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return Optional.empty();
        }
        return Optional.of(visitor);
    }

    private void show(Context ctx, Optional<String> secret, String error, String name) {
        var signedIn = signedIn(ctx);
        if (signedIn.isEmpty()) {
            return;
        }
        var visitor = signedIn.get();
        var now = Instant.now();
        var rows = db.tokens().list(visitor.user().orElseThrow().id()).stream()
                .map(t -> row(t, now))
                .toList();
        var params = new HashMap<String, Object>();
        params.put("chrome", Access.chrome("Access tokens", visitor));
        params.put("tokens", rows);
        params.put("secret", secret.orElse(""));
        params.put("error", error);
        params.put("name", name);
        params.put(
                "scopes",
                TokenScopes.KNOWN.entrySet().stream()
                        .map(e -> new Model.ScopeChoice(e.getKey(), e.getValue()))
                        .toList());
        params.put("lifetimes", LIFETIMES);
        templates.page(ctx, "tokens.jte", params);
    }

    private static Model.TokenRow row(Token t, Instant now) {
        String state = t.revoked().isPresent()
                ? "revoked"
                : t.expires()
                        .map(e -> e.isAfter(now) ? "expires " + Times.until(e, now) : "expired")
                        .orElse("never expires");
        return new Model.TokenRow(
                t.id(),
                t.name(),
                t.hint(),
                t.scopes().isEmpty() ? "all of your rights" : String.join(", ", t.scopes()),
                Times.ago(t.created(), now),
                t.lastUsed().map(u -> Times.ago(u, now)).orElse("never used"),
                state);
    }

    private void create(Context ctx) {
        var signedIn = signedIn(ctx);
        if (signedIn.isEmpty()) {
            return;
        }
        var visitor = signedIn.get();
        if (!Visitors.csrfMatches(ctx, visitor)) {
            ctx.status(403);
            show(ctx, Optional.empty(), "The form has expired: send it again.", "");
            return;
        }
        var name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        var scopes = ctx.formParams("scope");
        var error = problem(name, scopes, ctx.formParam("days"));
        if (error.isPresent()) {
            ctx.status(422);
            show(ctx, Optional.empty(), error.get(), name);
            return;
        }
        int days = Integer.parseInt(ctx.formParam("days"));
        Optional<Instant> expires =
                days == 0 ? Optional.empty() : Optional.of(Instant.now().plus(Duration.ofDays(days)));
        var made = db.tokens().create(visitor.user().orElseThrow().id(), name, scopes, expires);
        show(ctx, Optional.of(made.secret()), "", "");
    }

    /** What is wrong with the form, as the page says it. */
    static Optional<String> problem(String name, List<String> scopes, String days) {
        if (name.isEmpty()) {
            return Optional.of("Give the token a name, to tell it apart from your others.");
        }
        if (name.length() > 200) {
            return Optional.of("The name is too long: at most 200 characters.");
        }
        var unknown = TokenScopes.unknown(scopes);
        if (!unknown.isEmpty()) {
            return Optional.of("Unknown scope: " + String.join(", ", unknown) + ".");
        }
        if (days == null || !LIFETIMES.stream().map(String::valueOf).toList().contains(days)) {
            return Optional.of("Choose how long the token lasts.");
        }
        return Optional.empty();
    }

    private void revoke(Context ctx) {
        var signedIn = signedIn(ctx);
        if (signedIn.isEmpty()) {
            return;
        }
        var visitor = signedIn.get();
        if (Visitors.csrfMatches(ctx, visitor)) {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new NotFound();
            }
            db.tokens().revoke(visitor.user().orElseThrow().id(), id);
        }
        ctx.redirect("/-/tokens", HttpStatus.SEE_OTHER);
    }
}
