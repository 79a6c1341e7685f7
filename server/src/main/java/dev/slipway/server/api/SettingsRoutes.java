package dev.slipway.server.api;

import dev.slipway.server.store.Role;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.Setting;
import dev.slipway.server.store.Settings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A repository's actions secrets and variables, or an environment's ({@code .../environments/{env}/secrets}), shaped
 * after GitHub's and Gitea's APIs. Secrets are write-only: they are sent in plain text (as Gitea's {@code data}, over
 * HTTPS in production), encrypted before they are stored, and never answered; only names and dates are. Managing
 * either needs admin access; reading variables needs write access.
 */
final class SettingsRoutes {
    private static final int MAX_SECRET = 48 * 1024;
    private static final int MAX_VARIABLE = 48 * 1024;

    private final Services s;
    private final SecretBox box;
    private final String base;
    private final boolean environments;

    /** Where a request's settings live: the tables and the owner (a repository's id, or an environment's). */
    private record Scope(Settings secrets, Settings variables, long owner) {}

    private SettingsRoutes(Services services, SecretBox box, String base, boolean environments) {
        this.s = services;
        this.box = box;
        this.base = base;
        this.environments = environments;
    }

    /** A repository's secrets and variables under {@code .../actions}. */
    static SettingsRoutes ofRepository(Services services, SecretBox box) {
        return new SettingsRoutes(services, box, Api.PREFIX + "/repos/{owner}/{repo}/actions", false);
    }

    /** An environment's secrets and variables under {@code .../environments/{env}}. */
    static SettingsRoutes ofEnvironment(Services services, SecretBox box) {
        return new SettingsRoutes(services, box, EnvironmentRoutes.ENVIRONMENTS + "/{env}", true);
    }

    /** The settings of the request's repository or environment (404 for an environment that does not exist). */
    private Scope scope(Context ctx, Role needed) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), needed);
        if (!environments) {
            return new Scope(s.db().secrets(), s.db().variables(), repo.id());
        }
        var env = s.db().environments().find(repo.id(), ctx.pathParam("env")).orElseThrow(ApiError::notFound);
        return new Scope(s.db().environmentSecrets(), s.db().environmentVariables(), env.id());
    }

    void mount(RoutesConfig routes) {
        routes.get(base + "/secrets", this::secrets);
        routes.get(base + "/secrets/{name}", this::secret);
        routes.put(base + "/secrets/{name}", this::putSecret);
        routes.delete(base + "/secrets/{name}", this::deleteSecret);
        routes.get(base + "/variables", this::variables);
        routes.post(base + "/variables", this::createVariable);
        routes.get(base + "/variables/{name}", this::variable);
        routes.patch(base + "/variables/{name}", this::updateVariable);
        routes.delete(base + "/variables/{name}", this::deleteVariable);
    }

    private void secrets(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        var list = scope.secrets().list(scope.owner()).stream()
                .map(x -> view(x, false))
                .toList();
        ctx.json(Map.of("total_count", list.size(), "secrets", list));
    }

    private void secret(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        ctx.json(view(scope.secrets().find(scope.owner(), name(ctx)).orElseThrow(ApiError::notFound), false));
    }

    private void putSecret(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        var body = Requests.body(ctx);
        if (body.has("encrypted_value") && !body.has("data")) {
            throw ApiError.invalid("'encrypted_value' (a libsodium sealed box) is not supported: send the value in"
                    + " plain text as 'data' (Slipway encrypts it before storing it)");
        }
        var value = Requests.optString(body, "data")
                .or(() -> Requests.optString(body, "value"))
                .orElseThrow(() -> ApiError.invalid("'data' is required: the secret's value"));
        if (value.length() > MAX_SECRET) {
            throw ApiError.invalid("'data' must be at most " + MAX_SECRET / 1024 + " KB");
        }
        boolean created = put(scope, name(ctx), value);
        ctx.status(created ? 201 : 204);
    }

    private boolean put(Scope scope, String name, String value) {
        try {
            return scope.secrets().put(scope.owner(), name, box.encrypt(value));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private void deleteSecret(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        if (!scope.secrets().delete(scope.owner(), name(ctx))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void variables(Context ctx) {
        var scope = scope(ctx, Role.WRITE);
        var list = scope.variables().list(scope.owner()).stream()
                .map(x -> view(x, true))
                .toList();
        ctx.json(Map.of("total_count", list.size(), "variables", list));
    }

    private void variable(Context ctx) {
        var scope = scope(ctx, Role.WRITE);
        ctx.json(view(scope.variables().find(scope.owner(), name(ctx)).orElseThrow(ApiError::notFound), true));
    }

    private void createVariable(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        var body = Requests.body(ctx);
        var name = Requests.string(body, "name");
        var value = variableValue(Requests.optString(body, "value").orElse(null));
        boolean created;
        try {
            created = scope.variables().create(scope.owner(), name, value);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!created) {
            throw ApiError.conflict("Variable " + name + " already exists");
        }
        ctx.status(201).json(Map.of());
    }

    private void updateVariable(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        var body = Requests.body(ctx);
        var name = name(ctx);
        var current = scope.variables().find(scope.owner(), name).orElseThrow(ApiError::notFound);
        var newName = Requests.optString(body, "name").orElse(current.name());
        var value = Requests.optString(body, "value")
                .map(SettingsRoutes::variableValue)
                .orElse(current.content());
        try {
            if (!scope.variables().update(scope.owner(), name, newName, value)) {
                throw ApiError.notFound();
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        } catch (RuntimeException e) {
            if (scope.variables().find(scope.owner(), newName).isPresent()) {
                throw ApiError.conflict("Variable " + newName + " already exists");
            }
            throw e;
        }
        ctx.status(204);
    }

    private void deleteVariable(Context ctx) {
        var scope = scope(ctx, Role.ADMIN);
        if (!scope.variables().delete(scope.owner(), name(ctx))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private static String variableValue(@Nullable String value) {
        if (value == null) {
            throw ApiError.invalid("'value' is required");
        }
        if (value.length() > MAX_VARIABLE) {
            throw ApiError.invalid("'value' must be at most " + MAX_VARIABLE / 1024 + " KB");
        }
        return value;
    }

    /** The name of the path, checked as GitHub does (a bad name is 422, not a silent 404). */
    private static String name(Context ctx) {
        try {
            return Settings.checkName(ctx.pathParam("name"));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private static Map<String, @Nullable Object> view(Setting setting, boolean withValue) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("name", setting.name());
        if (withValue) {
            m.put("value", setting.content());
        }
        m.put("created_at", Views.time(setting.created()));
        m.put("updated_at", Views.time(setting.updated()));
        return m;
    }
}
