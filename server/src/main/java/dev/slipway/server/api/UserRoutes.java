package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.git.GitException;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.TokenScopes;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /user}, {@code /users/{username}}, {@code /user/tokens}, {@code /user/repos} and {@code /admin/users}. */
final class UserRoutes {
    private final Services s;

    UserRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(Api.PREFIX + "/user", this::me);
        routes.get(Api.PREFIX + "/users/{username}", this::user);
        routes.get(Api.PREFIX + "/user/tokens", this::tokens);
        routes.post(Api.PREFIX + "/user/tokens", this::createToken);
        routes.delete(Api.PREFIX + "/user/tokens/{id}", this::revokeToken);
        routes.get(Api.PREFIX + "/user/repos", this::repos);
        routes.post(Api.PREFIX + "/user/repos", this::createRepo);
        routes.post(Api.PREFIX + "/admin/users", this::createUser);
    }

    private void me(Context ctx) {
        ctx.json(Views.user(Requests.requireUser(ctx), s.links(ctx)));
    }

    /**
     * Another user's profile, as GitHub's {@code GET /users/{username}} (the address of every user object's {@code
     * url}); signed-in callers only, as on a private GitHub Enterprise instance, and the e-mail address only to the
     * user and administrators.
     */
    private void user(Context ctx) {
        var caller = Requests.requireUser(ctx);
        var user = s.db().users().findByLogin(ctx.pathParam("username")).orElseThrow(ApiError::notFound);
        var view = Views.user(user, s.links(ctx));
        if (caller.id() != user.id() && !caller.admin()) {
            view.put("email", null);
        }
        ctx.json(view);
    }

    private void tokens(Context ctx) {
        var user = Requests.requireUser(ctx);
        ctx.json(s.db().tokens().list(user.id()).stream()
                .map(t -> Views.token(t, Optional.empty()))
                .toList());
    }

    private void createToken(Context ctx) {
        var user = Requests.requireUser(ctx);
        var body = Requests.body(ctx);
        var name = Requests.string(body, "name", 200);
        var expires = Requests.optString(body, "expires_at").map(UserRoutes::instant);
        if (expires.isPresent() && !expires.get().isAfter(Instant.now())) {
            throw ApiError.invalid("'expires_at' must be in the future");
        }
        var scopes = strings(body, "scopes");
        Requests.limited("scopes", String.join(",", scopes), 1000);
        var unknown = TokenScopes.unknown(scopes);
        if (!unknown.isEmpty()) {
            throw ApiError.invalid("unknown scope" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown)
                    + "' in 'scopes'; known: " + String.join(", ", TokenScopes.KNOWN.keySet())
                    + " (none: all of the user's rights)");
        }
        if (ctx.attribute(Requests.CALLER) instanceof Caller.Authenticated caller
                && !caller.scopes().covers(TokenScopes.of(scopes))) {
            throw new ApiError(
                    403,
                    "a token with " + caller.scopes() + " may only create tokens with some of its own scopes, not "
                            + (scopes.isEmpty() ? "a token without scopes (all rights)" : String.join(", ", scopes)));
        }
        var created = s.db().tokens().create(user.id(), name, scopes, expires);
        ctx.status(201).json(Views.token(created.token(), Optional.of(created.secret())));
    }

    private void revokeToken(Context ctx) {
        var user = Requests.requireUser(ctx);
        if (!s.db().tokens().revoke(user.id(), Requests.longPath(ctx, "id"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void repos(Context ctx) {
        var user = Requests.requireUser(ctx);
        var links = s.links(ctx);
        ctx.json(s.db().repos().listByOwner(user.id(), Requests.page(ctx)).stream()
                .map(r -> Views.repo(r, Optional.of(Role.ADMIN), links))
                .toList());
    }

    private void createRepo(Context ctx) {
        var user = Requests.requireUser(ctx);
        var body = Requests.body(ctx);
        var name = Requests.string(body, "name");
        var description = Requests.optString(body, "description", 1000).orElse("");
        var branch = Requests.optString(body, "default_branch", 255).orElse("main");
        var isPrivate = Requests.bool(body, "private", false);
        var repo = checked(() -> s.db().repos().create(user.id(), name, description, isPrivate, branch));
        try {
            s.git().create(user.login(), repo.name(), branch, description);
        } catch (GitException e) {
            s.db().repos().delete(repo.id());
            throw ApiError.invalid(e.getMessage());
        } catch (RuntimeException e) {
            s.db().repos().delete(repo.id());
            throw e;
        }
        ctx.status(201).json(Views.repo(repo, Optional.of(Role.ADMIN), s.links(ctx)));
    }

    private void createUser(Context ctx) {
        var admin = Requests.requireUser(ctx);
        if (!admin.admin()) {
            throw ApiError.forbidden("Must be a site administrator");
        }
        var body = Requests.body(ctx);
        var login = Requests.string(body, "login", 100);
        var password = Requests.string(body, "password", 1000);
        if (password.length() < 8) {
            throw ApiError.invalid("'password' must have at least 8 characters");
        }
        var user = checked(() -> s.db().users()
                .create(
                        login,
                        Requests.optString(body, "email", 320).orElse(""),
                        Requests.optString(body, "name", 200).orElse(login),
                        password,
                        Requests.bool(body, "site_admin", false)));
        ctx.status(201).json(Views.user(user, s.links(ctx)));
    }

    /** Runs a store call whose failures (taken names, bad names) are the caller's mistakes: 422. */
    static <T> T checked(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException | IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("'expires_at' must be an ISO 8601 time such as 2030-01-01T00:00:00Z");
        }
    }

    private static List<String> strings(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.invalid("'" + field + "' must be an array of strings");
        }
        var list = new ArrayList<String>();
        for (var item : node) {
            if (!item.isTextual()) {
                throw ApiError.invalid("'" + field + "' must be an array of strings");
            }
            list.add(item.asText());
        }
        return list;
    }
}
