package dev.slipway.server.api;

import dev.slipway.server.store.Repo;
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
 * A repository's actions secrets and variables, shaped after GitHub's and Gitea's APIs. Secrets are write-only: they
 * are sent in plain text (as Gitea's {@code data}, over HTTPS in production), encrypted before they are stored, and
 * never answered; only names and dates are. Managing either needs admin access; reading variables needs write access.
 */
final class SettingsRoutes {
    private static final String ACTIONS = Api.PREFIX + "/repos/{owner}/{repo}/actions";
    private static final int MAX_SECRET = 48 * 1024;
    private static final int MAX_VARIABLE = 48 * 1024;

    private final Services s;
    private final SecretBox box;

    SettingsRoutes(Services services, SecretBox box) {
        this.s = services;
        this.box = box;
    }

    void mount(RoutesConfig routes) {
        routes.get(ACTIONS + "/secrets", this::secrets);
        routes.get(ACTIONS + "/secrets/{name}", this::secret);
        routes.put(ACTIONS + "/secrets/{name}", this::putSecret);
        routes.delete(ACTIONS + "/secrets/{name}", this::deleteSecret);
        routes.get(ACTIONS + "/variables", this::variables);
        routes.post(ACTIONS + "/variables", this::createVariable);
        routes.get(ACTIONS + "/variables/{name}", this::variable);
        routes.patch(ACTIONS + "/variables/{name}", this::updateVariable);
        routes.delete(ACTIONS + "/variables/{name}", this::deleteVariable);
    }

    private void secrets(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var list = s.db().secrets().list(repo.id()).stream()
                .map(x -> view(x, false))
                .toList();
        ctx.json(Map.of("total_count", list.size(), "secrets", list));
    }

    private void secret(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        ctx.json(view(s.db().secrets().find(repo.id(), name(ctx)).orElseThrow(ApiError::notFound), false));
    }

    private void putSecret(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
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
        boolean created = put(repo, name(ctx), value);
        ctx.status(created ? 201 : 204);
    }

    private boolean put(Repo repo, String name, String value) {
        try {
            return s.db().secrets().put(repo.id(), name, box.encrypt(value));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private void deleteSecret(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        if (!s.db().secrets().delete(repo.id(), name(ctx))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void variables(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var list = s.db().variables().list(repo.id()).stream()
                .map(x -> view(x, true))
                .toList();
        ctx.json(Map.of("total_count", list.size(), "variables", list));
    }

    private void variable(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        ctx.json(view(s.db().variables().find(repo.id(), name(ctx)).orElseThrow(ApiError::notFound), true));
    }

    private void createVariable(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var body = Requests.body(ctx);
        var name = Requests.string(body, "name");
        var value = variableValue(Requests.optString(body, "value").orElse(null));
        boolean created;
        try {
            created = s.db().variables().create(repo.id(), name, value);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!created) {
            throw ApiError.conflict("Variable " + name + " already exists");
        }
        ctx.status(201).json(Map.of());
    }

    private void updateVariable(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var body = Requests.body(ctx);
        var name = name(ctx);
        var current = s.db().variables().find(repo.id(), name).orElseThrow(ApiError::notFound);
        var newName = Requests.optString(body, "name").orElse(current.name());
        var value = Requests.optString(body, "value")
                .map(SettingsRoutes::variableValue)
                .orElse(current.content());
        try {
            if (!s.db().variables().update(repo.id(), name, newName, value)) {
                throw ApiError.notFound();
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        } catch (RuntimeException e) {
            if (s.db().variables().find(repo.id(), newName).isPresent()) {
                throw ApiError.conflict("Variable " + newName + " already exists");
            }
            throw e;
        }
        ctx.status(204);
    }

    private void deleteVariable(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        if (!s.db().variables().delete(repo.id(), name(ctx))) {
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
