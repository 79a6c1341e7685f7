package dev.slipway.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import io.javalin.http.Context;
import java.util.Optional;

/** Reading requests: the caller, the repository of the path, paging and JSON bodies. */
final class Requests {
    static final String CALLER = "slipway.caller";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    static Optional<User> user(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? Optional.empty() : caller.who();
    }

    static User requireUser(Context ctx) {
        return user(ctx).orElseThrow(ApiError::unauthorized);
    }

    /** The user row of {@code user}, for a stored reference: none for a job's token ({@link Caller#JOB_ACTOR}). */
    static Optional<Long> storedId(User user) {
        return Caller.isJobActor(user.login()) ? Optional.empty() : Optional.of(user.id());
    }

    /**
     * The repository of {@code {owner}/{repo}} if the caller has {@code needed} in it: 404 when they may not see it
     * (so private names do not leak), 401 or 403 when they may see it but not do this.
     */
    static Repo repo(Context ctx, Database db, Permissions permissions, Role needed) {
        var repo =
                db.repos().find(ctx.pathParam("owner"), ctx.pathParam("repo")).orElseThrow(ApiError::notFound);
        var who = user(ctx);
        var role = role(ctx, permissions, repo).orElseThrow(ApiError::notFound);
        if (!role.allows(needed)) {
            if (who.isEmpty()) {
                throw ApiError.unauthorized();
            }
            throw ApiError.forbidden("Must have " + needed.name().toLowerCase(java.util.Locale.ROOT)
                    + " access to repository " + repo.fullName());
        }
        return repo;
    }

    /**
     * The caller's role in {@code repo}: a job's token has {@link Role#WRITE} in its own repository (never more; its
     * permissions are checked before, by {@link JobAccess}) and what anyone has elsewhere.
     */
    static Optional<Role> role(Context ctx, Permissions permissions, Repo repo) {
        Caller caller = ctx.attribute(CALLER);
        if (caller instanceof Caller.Job job) {
            return job.job().repoId() == repo.id() ? Optional.of(Role.WRITE) : permissions.role(Optional.empty(), repo);
        }
        return permissions.role(user(ctx), repo);
    }

    /** GitHub's {@code page} (from 1) and {@code per_page} (default 30, at most 100). */
    static Page page(Context ctx) {
        int number = intParam(ctx, "page", 1);
        int size = intParam(ctx, "per_page", 30);
        if (number < 1) {
            throw ApiError.invalid("page must be at least 1");
        }
        return Page.of(number, Math.max(1, Math.min(size, Page.MAX_SIZE)));
    }

    static long longPath(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiError.notFound();
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        var value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name + " must be a number, not '" + value + "'");
        }
    }

    /** The request body as a JSON object; 400 when it is not one. */
    static JsonNode body(Context ctx) {
        var text = ctx.body();
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            var node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("Problems parsing JSON: expected an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("Problems parsing JSON: " + e.getOriginalMessage());
        }
    }

    /** A required string field; 422 when missing or not a string. */
    static String string(JsonNode body, String field) {
        return optString(body, field)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiError.invalid("'" + field + "' is required"));
    }

    /** A required string field of at most {@code max} characters; 422 naming the field otherwise. */
    static String string(JsonNode body, String field, int max) {
        return limited(field, string(body, field), max);
    }

    /** An optional string field of at most {@code max} characters; 422 naming the field otherwise. */
    static Optional<String> optString(JsonNode body, String field, int max) {
        return optString(body, field).map(s -> limited(field, s, max));
    }

    /** {@code value} of field {@code field} when it has at most {@code max} characters; 422 otherwise. */
    static String limited(String field, String value, int max) {
        if (value.length() > max) {
            throw ApiError.invalid(
                    "'" + field + "' is too long (at most " + max + " characters, got " + value.length() + ")");
        }
        return value;
    }

    static Optional<String> optString(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiError.invalid("'" + field + "' must be a string");
        }
        return Optional.of(node.asText());
    }

    static boolean bool(JsonNode body, String field, boolean fallback) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiError.invalid("'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }
}
