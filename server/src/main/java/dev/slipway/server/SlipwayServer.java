package dev.slipway.server;

import dev.slipway.git.GitHttp;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.Principal;
import dev.slipway.git.ReceiveRules;
import dev.slipway.git.RefChange;
import dev.slipway.git.Rejection;
import dev.slipway.git.Repositories;
import dev.slipway.registry.Registry;
import dev.slipway.registry.RegistryServer;
import dev.slipway.registry.TokenService;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.agents.AgentRegistry;
import dev.slipway.server.agents.AgentRoutes;
import dev.slipway.server.agents.StoreRoutes;
import dev.slipway.server.api.Api;
import dev.slipway.server.api.RunnerRoutes;
import dev.slipway.server.auth.Authenticator;
import dev.slipway.server.auth.GitAccess;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.auth.RegistryAccess;
import dev.slipway.server.auth.WorkflowScope;
import dev.slipway.server.hooks.RunHooks;
import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.images.ImageCatalog;
import dev.slipway.server.images.ImmutableTags;
import dev.slipway.server.metrics.ServerMetrics;
import dev.slipway.server.oidc.IdTokenIssuer;
import dev.slipway.server.oidc.OidcRoutes;
import dev.slipway.server.pulls.BranchProtection;
import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.web.Web;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A running Slipway server: git hosting at {@code /<owner>/<name>.git}, the REST API at {@code /api/v3}, the OCI
 * registry at {@code /v2/}, {@code GET /healthz}, and the embedded agent running workflows, in one Javalin app on
 * virtual threads.
 *
 * <pre>{@code
 * try (var server = SlipwayServer.start(ServerConfig.fromEnv(System.getenv()), executors)) {
 *     System.out.println("listening on " + server.url());
 *     ...
 * }
 * }</pre>
 */
public final class SlipwayServer implements AutoCloseable {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Javalin app;
    private final Database db;
    private final Wiring wiring;
    private final ServiceWiring services;
    private final ServerMetrics metrics;
    private final String url;
    private boolean stopped;

    private SlipwayServer(
            Javalin app, Database db, Wiring wiring, ServiceWiring services, ServerMetrics metrics, String url) {
        this.services = services;
        this.app = app;
        this.db = db;
        this.wiring = wiring;
        this.metrics = metrics;
        this.url = url;
    }

    /** Starts a server, printing first-start notes to standard output. */
    public static SlipwayServer start(ServerConfig config, ExecutorFactory executors) {
        return start(config, executors, System.out);
    }

    /**
     * Opens (and migrates) the database, creates the first administrator if configured (hashing its password while
     * the rest starts), and starts listening.
     *
     * @throws dev.slipway.server.store.StoreException when the database cannot be opened
     * @throws IllegalStateException when the address cannot be bound (the message says why)
     */
    public static SlipwayServer start(ServerConfig config, ExecutorFactory executors, PrintStream out) {
        return start(config, executors, out, DispatchConfig.fromEnv(System.getenv()));
    }

    /** As above, with jobs dispatched to agents as {@code dispatch} says. */
    public static SlipwayServer start(
            ServerConfig config, ExecutorFactory executors, PrintStream out, DispatchConfig dispatch) {
        var dataDir = config.dataDir().toAbsolutePath().normalize();
        createDirectories(dataDir);
        var bootstrap = Bootstrap.begin(config);
        var db = Database.open(config.databaseLocation());
        var metrics = ServerMetrics.create();
        try {
            GitCaches.install();
            var git = Repositories.at(dataDir.resolve("git"));
            var authenticator = new Authenticator(db);
            var permissions = new Permissions(db);
            var secretBox = SecretBox.of(Secrets.actionsKey(dataDir));
            // the server's URL is known once it listens; webhook payloads made before that never leave it
            var serverUrl = new java.util.concurrent.atomic.AtomicReference<>("");
            var webhooks = new Webhooks(db, secretBox, serverUrl::get);
            var runReports = new RunHooks(metrics.runs(), webhooks, db, serverUrl::get);
            var hub = new AgentHub(db, dispatch.hub(), runReports);
            var agents = new AgentRegistry(db);
            var wiring =
                    new Wiring(db, git, dataDir, executors, runReports, permissions, hub, dispatch.embeddedAgent());
            wiring.webhooks(webhooks);
            wiring.actionSources(config.actionSources());
            wiring.tokenPermissions(config.tokenPermissions());
            var jobTokens = new GitAccess.JobTokens() {
                @Override
                public Optional<AgentHub.LeasedJob> job(String token) {
                    return hub.job(token);
                }

                @Override
                public Optional<AgentHub.LeasedJob> leased(long jobId) {
                    return hub.leased(jobId);
                }
            };
            var gitServlet = GitHttp.builder(git, new GitAccess(db, authenticator, permissions, jobTokens))
                    .receiveRules(receiveRules(
                            new WorkflowScope(authenticator), new BranchProtection(db, permissions, wiring::serverUrl)))
                    .pushListener(wiring.pushes())
                    .build();
            var registryAccess = new RegistryAccess(db, authenticator, permissions, jobTokens);
            var registry = Registry.builder(dataDir.resolve("registry"))
                    .authorizer(registryAccess)
                    .tokens(TokenService.create(registryAccess, Secrets.registryKey(dataDir)))
                    .listener(new ImageCatalog(db))
                    .tagPolicy(new ImmutableTags(db))
                    .build();
            var releaseFiles = new ReleaseFiles(db, dataDir);
            var idTokens = IdTokenIssuer.of(
                    Secrets.oidcSigningKey(dataDir, IdTokenIssuer::newKey),
                    wiring::serverUrl,
                    java.time.Clock.systemUTC());
            var api = new Api(
                    db,
                    git,
                    authenticator,
                    permissions,
                    wiring,
                    config.publicUrl(),
                    wiring.pulls(),
                    wiring.merger(),
                    secretBox,
                    jobTokens,
                    releaseFiles);
            api.webhooks(webhooks);
            var services = ServiceWiring.create(db, dataDir, webhooks, serverUrl::get);
            api.services(services.manager(), services.bundles(), services.schedules());
            var ready = new java.util.concurrent.atomic.AtomicBoolean();
            var app = Javalin.create(c -> {
                c.concurrency.useVirtualThreads = true;
                c.startup.showJavalinBanner = false;
                c.http.compressionStrategy = CompressionStrategy.NONE;
                // image layers and git packs arrive in large bodies: read them in big chunks, as the registry does
                c.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(RegistryServer.INPUT_BUFFER_SIZE));
                c.jetty.modifyServletContextHandler(h -> GitMount.install(h, gitServlet));
                // ready once the workers and the embedded agent run, not as soon as the port listens
                c.routes.get("/healthz", ctx -> {
                    if (ready.get()) {
                        ctx.json(java.util.Map.of("status", "ok"));
                    } else {
                        ctx.status(503).json(java.util.Map.of("status", "starting"));
                    }
                });
                metrics.mount(c.routes);
                registry.mount(c.routes);
                api.mount(c.routes);
                new RunnerRoutes(agents).mount(c.routes);
                new AgentRoutes(hub, agents).mount(c.routes);
                new StoreRoutes(hub, wiring::artifacts, wiring::caches).mount(c.routes);
                new OidcRoutes(hub, idTokens).mount(c.routes);
                new Web(
                                db,
                                git,
                                permissions,
                                wiring,
                                config.publicUrl(),
                                wiring.pulls(),
                                wiring.merger(),
                                java.util.Optional.of(agents),
                                authenticator,
                                releaseFiles)
                        .webhooks(webhooks)
                        .services(services.manager(), services::describe)
                        .mount(c.routes);
            });
            bootstrap.firstAdmin(db, out);
            listen(app, config);
            var host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
            var server = new SlipwayServer(app, db, wiring, services, metrics, "http://" + host + ":" + app.port());
            try {
                serverUrl.set(config.publicUrl().orElse(server.url()));
                wiring.start(config.publicUrl().orElse(server.url()));
                services.start();
                webhooks.resendUnsent();
                ready.set(true);
            } catch (RuntimeException e) {
                app.stop();
                throw e;
            }
            return server;
        } catch (RuntimeException e) {
            metrics.close();
            db.close();
            throw e;
        }
    }

    private static void listen(Javalin app, ServerConfig config) {
        try {
            app.start(config.bind(), config.port());
        } catch (RuntimeException e) {
            app.stop();
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException(
                    "cannot listen on " + config.bind() + ":" + config.port() + ": " + cause.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** {@code http://bind:port}. */
    public String url() {
        return url;
    }

    /** Every HTTP route of the app as {@code METHOD path} (git is served beside them, by a filter). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /** Stops taking work, lets running jobs finish for a while, stops listening and closes the database. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            wiring.stop(DRAIN);
        } finally {
            try {
                services.stop();
            } finally {
                stopListening();
            }
        }
    }

    private void stopListening() {
        try {
            app.stop();
        } finally {
            metrics.close();
            db.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A token's missing {@code workflow} scope refuses its refs first; branch protection checks the others. */
    private static ReceiveRules receiveRules(WorkflowScope scope, BranchProtection protection) {
        return new ReceiveRules() {
            @Override
            public List<Rejection> check(HostedRepo repo, Principal pusher, List<RefChange> changes) {
                return check(repo, pusher, changes, m -> {});
            }

            @Override
            public List<Rejection> check(
                    HostedRepo repo,
                    Principal pusher,
                    List<RefChange> changes,
                    java.util.function.Consumer<String> notices) {
                var refused = new java.util.ArrayList<>(scope.check(repo, pusher, changes));
                var refusedRefs = refused.stream().map(Rejection::ref).toList();
                var rest = changes.stream()
                        .filter(c -> !refusedRefs.contains(c.ref()))
                        .toList();
                refused.addAll(protection.check(repo, pusher, rest, notices));
                return refused;
            }
        };
    }
}
