package dev.slipway.server.api;

import dev.slipway.git.GitException;
import dev.slipway.git.Repositories;
import dev.slipway.server.auth.Authenticator;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.GitAccess;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.pulls.PullException;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.services.Bundles;
import dev.slipway.server.services.ScaleSchedules;
import dev.slipway.server.services.ServiceManager;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@value #PREFIX}, shaped after GitHub's REST API (documented in {@code docs/api/openapi.yaml}).
 * Errors are JSON {@code {"message": ..., "documentation_url": ...}} with 400, 401, 403, 404, 409 or 422; anything
 * unexpected is logged and answered 500 without details.
 */
public final class Api {
    /** Where the API lives. */
    public static final String PREFIX = "/api/v3";

    static final String DOCS = "https://slipway.dev/docs/api";
    /** The scope a token lacked when its read went on as anonymous. */
    private static final String MISSING_SCOPE = "slipway.missing-scope";

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private final Authenticator authenticator;
    private final GitAccess.JobTokens jobs;
    private final Services services;
    private final SecretBox secrets;
    private @Nullable Webhooks webhooks;
    private @Nullable ServiceManager serviceManager;
    private @Nullable Bundles bundles;
    private @Nullable ScaleSchedules scaleSchedules;

    /**
     * @param publicUrl the server's URL as clients see it, for links in responses; empty: from each request
     * @param secrets encrypts actions secrets before they are stored
     * @param jobs the running jobs, whose tokens call the API of their repositories ({@link JobAccess})
     * @param releases keeps the files of release assets
     */
    public Api(
            Database db,
            Repositories git,
            Authenticator authenticator,
            Permissions permissions,
            RunControl runs,
            Optional<String> publicUrl,
            Pulls pulls,
            PullMerger merger,
            SecretBox secrets,
            GitAccess.JobTokens jobs,
            ReleaseFiles releases) {
        this.authenticator = authenticator;
        this.jobs = jobs;
        this.secrets = secrets;
        this.services = new Services(db, git, permissions, runs, publicUrl, pulls, merger, releases);
    }

    /** Serves the repositories' webhooks ({@code .../hooks}) with {@code hooks}; before {@link #mount}. */
    public Api webhooks(Webhooks hooks) {
        this.webhooks = hooks;
        return this;
    }

    /** Serves the environments' services ({@code .../environments/{env}/services}); before {@link #mount}. */
    public Api services(ServiceManager manager, Bundles uploads, ScaleSchedules schedules) {
        this.serviceManager = manager;
        this.bundles = uploads;
        this.scaleSchedules = schedules;
        return this;
    }

    /** Registers the routes, the authentication filter and the error handlers on a Javalin app. */
    public void mount(RoutesConfig routes) {
        routes.before(PREFIX + "/*", this::authenticate);
        new UserRoutes(services).mount(routes);
        new RepoRoutes(services).mount(routes);
        new ContentsRoutes(services).mount(routes);
        new GitRoutes(services).mount(routes);
        var actions = new ActionsRoutes(services);
        actions.mount(routes);
        new WorkflowRoutes(services, actions).mount(routes);
        new ImageRoutes(services).mount(routes);
        new ProtectionRoutes(services).mount(routes);
        new CollaboratorRoutes(services).mount(routes);
        new PullRoutes(services).mount(routes);
        routes.exception(PullException.class, (e, ctx) -> error(ctx, status(e.kind()), e.getMessage()));
        new ArtifactRoutes(services).mount(routes);
        new ReleaseRoutes(services).mount(routes);
        SettingsRoutes.ofRepository(services, secrets).mount(routes);
        var environments = new EnvironmentRoutes(services);
        if (serviceManager != null) {
            var manager = serviceManager;
            // an environment's services stop with it (its rows go with it)
            environments.beforeDelete((repo, env) ->
                    services.db().services().list(env.id()).forEach(svc -> manager.remove(repo, env, svc)));
        }
        environments.mount(routes);
        new DoraRoutes(services, environments).mount(routes);
        SettingsRoutes.ofEnvironment(services, secrets).mount(routes);
        new DeploymentRoutes(services).mount(routes);
        if (serviceManager != null && bundles != null) {
            new ServiceRoutes(services, serviceManager, bundles).mount(routes);
        }
        if (scaleSchedules != null) {
            new ScaleScheduleRoutes(services, scaleSchedules).mount(routes);
        }
        if (webhooks != null) {
            new HookRoutes(services, webhooks).mount(routes);
        }
        routes.exception(ApiError.class, (e, ctx) -> {
            String missing = ctx.attribute(MISSING_SCOPE);
            if (e.status() == 401 && missing != null) {
                // a scoped token read as anonymous (scoped()) and the route wants someone: say which scope it lacks
                error(
                        ctx,
                        403,
                        "This token's scopes do not allow " + ctx.method() + " " + ctx.path() + ": it needs the '"
                                + missing + "' scope");
                return;
            }
            error(ctx, e.status(), e.getMessage(), e.errors());
        });
        routes.exception(GitException.class, (e, ctx) -> {
            if (e.kind() == GitException.Kind.NOT_FOUND) {
                error(ctx, 404, "Not Found");
            } else if (e.kind() == GitException.Kind.CONFLICT) {
                error(ctx, 409, e.getMessage());
            } else if (e.kind() == GitException.Kind.INVALID_NAME) {
                error(ctx, 422, e.getMessage());
            } else {
                unexpected(ctx, e);
            }
        });
        routes.exception(StoreException.class, (e, ctx) -> {
            if (answeredTooLong(ctx, e)) {
                return;
            }
            LOG.warn("store failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 503, "The database is not available: " + e.getMessage());
        });
        routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
        routes.error(404, ctx -> {
            var type = ctx.res().getContentType();
            if (ctx.path().startsWith(PREFIX + "/") && (type == null || !type.startsWith("application/json"))) {
                error(ctx, 404, "Not Found");
            }
        });
    }

    private static int status(PullException.Kind kind) {
        return switch (kind) {
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case NOT_MERGEABLE -> 405;
        };
    }

    private void authenticate(Context ctx) {
        var caller = authenticator.authenticate(Optional.ofNullable(ctx.header("Authorization")), jobs);
        if (caller instanceof Caller.Rejected) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Slipway\"");
            throw new ApiError(401, "Bad credentials");
        }
        if (caller instanceof Caller.Authenticated a && !a.scopes().unrestricted()) {
            caller = scoped(ctx, a);
        }
        if (caller instanceof Caller.Job job) {
            caller = JobAccess.check(ctx, job, services.db());
        }
        ctx.attribute(Requests.CALLER, caller);
    }

    /**
     * A token with scopes, checked against the scope the request needs ({@link #neededScope}). Lacking it, a read of a
     * repository goes on as anonymous (public repositories stay readable, private ones are not found, as on GitHub);
     * anything else is refused naming the scope. The headers tell, as GitHub's do.
     */
    private static Caller scoped(Context ctx, Caller.Authenticated caller) {
        ctx.header("X-OAuth-Scopes", caller.scopes().header());
        var path = ctx.path().substring(PREFIX.length());
        var needed = neededScope(ctx.method().name(), path);
        if (needed.isEmpty() || caller.scopes().has(needed.get())) {
            return caller;
        }
        ctx.header("X-Accepted-OAuth-Scopes", needed.get());
        if (ctx.method().name().equals("GET") && path.startsWith("/repos/")) {
            ctx.attribute(MISSING_SCOPE, needed.get());
            return new Caller.Anonymous();
        }
        throw new ApiError(
                403,
                "This token's scopes (" + caller.scopes() + ") do not allow "
                        + ctx.method().name() + " " + ctx.path() + ": it needs the '" + needed.get() + "' scope");
    }

    /** The token scope a request needs: none for {@code /user} and what anyone may read. */
    static Optional<String> neededScope(String method, String path) {
        if (path.startsWith("/user/tokens")) {
            return Optional.of("user");
        }
        if (path.startsWith("/user/repos")) {
            return Optional.of("repo");
        }
        if (path.startsWith("/admin/")) {
            return Optional.of("site_admin");
        }
        if (path.startsWith("/repos/")) {
            var parts = path.split("/", 6);
            if (parts.length >= 5 && parts[4].equals("images")) {
                return Optional.of(method.equals("GET") ? "read:packages" : "write:packages");
            }
            return Optional.of("repo");
        }
        return Optional.empty();
    }

    private static void unexpected(Context ctx, Exception e) {
        if (answeredTooLong(ctx, e)) {
            return;
        }
        LOG.error("failed: {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, "Internal server error");
    }

    /** The size in a column's type, "CHARACTER VARYING(200)" (H2) or "character varying(200)" (PostgreSQL). */
    private static final Pattern COLUMN_SIZE = Pattern.compile("varying\\((\\d+)\\)", Pattern.CASE_INSENSITIVE);
    /** The column H2 names in its message: {@code Value too long for column "NAME CHARACTER VARYING(200)"}. */
    private static final Pattern H2_COLUMN = Pattern.compile("column \"(\\w+) ");

    /**
     * The answer to a value longer than its column holds (SQLState 22001, on H2 and PostgreSQL alike): the request's
     * mistake, not the server's, and nothing was stored. The routes check the lengths of the fields they take and name
     * the field; this is the net under them.
     */
    static Optional<String> tooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "22001".equals(sql.getSQLState())) {
                String text = String.valueOf(sql.getMessage());
                Matcher column = H2_COLUMN.matcher(text);
                Matcher size = COLUMN_SIZE.matcher(text);
                return Optional.of("A value is too long"
                        + (column.find() ? ": '" + column.group(1).toLowerCase(Locale.ROOT) + "'" : "")
                        + (size.find() ? " (at most " + size.group(1) + " characters)" : ""));
            }
        }
        return Optional.empty();
    }

    /** Answers 422 when {@code e} comes of a value too long for its column ({@link #tooLong}); false otherwise. */
    private static boolean answeredTooLong(Context ctx, Exception e) {
        Optional<String> tooLong = tooLong(e);
        tooLong.ifPresent(message -> error(ctx, 422, message));
        return tooLong.isPresent();
    }

    static void error(Context ctx, int status, String message) {
        error(ctx, status, message, List.of());
    }

    private static void error(Context ctx, int status, String message, List<Map<String, String>> errors) {
        var body = new LinkedHashMap<String, Object>();
        body.put("message", message);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        body.put("documentation_url", DOCS);
        if (status == 401 && ctx.res().getHeader("WWW-Authenticate") == null) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Slipway\"");
        }
        ctx.status(status).json(body);
    }
}
