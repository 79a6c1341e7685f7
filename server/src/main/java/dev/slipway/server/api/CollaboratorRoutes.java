package dev.slipway.server.api;

import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Repository collaborators as GitHub's {@code /collaborators}: admins add users at once (Slipway has no invitations)
 * with permission {@code pull}, {@code push} or {@code admin} ({@code triage} and {@code maintain} map to pull and
 * push).
 */
final class CollaboratorRoutes {
    private static final String BASE = Api.PREFIX + "/repos/{owner}/{repo}/collaborators";
    private final Services s;

    CollaboratorRoutes(Services services) {
        this.s = services;
    }

    void mount(RoutesConfig routes) {
        routes.get(BASE, this::list);
        routes.put(BASE + "/{username}", this::add);
        routes.delete(BASE + "/{username}", this::remove);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        ctx.json(s.db().repos().members(repo.id()).stream()
                .map(m -> {
                    var view = Views.owner(m.userId(), m.login());
                    view.put("role_name", Views.code(m.role()));
                    view.put(
                            "permissions",
                            Map.of(
                                    "pull", true,
                                    "push", m.role().allows(Role.WRITE),
                                    "admin", m.role().allows(Role.ADMIN)));
                    return view;
                })
                .toList());
    }

    private void add(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var login = ctx.pathParam("username");
        var user = s.db().users()
                .findByLogin(login)
                .orElseThrow(() -> ApiError.invalid("'username': there is no user '" + login + "'"));
        var permission = Requests.optString(Requests.body(ctx), "permission").orElse("push");
        var role = switch (permission) {
            case "pull", "triage" -> Role.READ;
            case "push", "maintain" -> Role.WRITE;
            case "admin" -> Role.ADMIN;
            default ->
                throw ApiError.invalid(
                        "'permission' must be pull, triage, push, maintain or admin, not '" + permission + "'");
        };
        if (user.id() == repo.ownerId()) {
            throw ApiError.invalid("'username': " + login + " owns the repository");
        }
        s.db().repos().setMember(repo.id(), user.id(), role);
        ctx.status(204);
    }

    private void remove(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var user = s.db().users().findByLogin(ctx.pathParam("username")).orElseThrow(ApiError::notFound);
        s.db().repos().removeMember(repo.id(), user.id());
        ctx.status(204);
    }
}
