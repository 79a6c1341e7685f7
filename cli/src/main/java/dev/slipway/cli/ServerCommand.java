package dev.slipway.cli;

import dev.slipway.common.UserError;
import dev.slipway.run.Platforms;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway server}: git hosting, workflow runs, the API and the registry in this process, until Ctrl-C. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Slipway server: git hosting, push-triggered workflow runs, REST API and container registry.",
            "Settings come from the options, else from SLIPWAY_PORT, SLIPWAY_BIND, SLIPWAY_DATA, SLIPWAY_DATABASE and"
                    + " SLIPWAY_URL. On first start SLIPWAY_ADMIN_USER and SLIPWAY_ADMIN_PASSWORD create an administrator."
        })
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default 8080; 0: any free port).")
    @Nullable
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    @Nullable
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./slipway-data).")
    @Nullable
    Path data;

    @Option(
            names = "--database",
            paramLabel = "URL",
            description = "postgresql://user:password@host:port/db (default: embedded H2 in the data directory).")
    @Nullable
    String database;

    @Option(names = "--url", paramLabel = "URL", description = "The server's URL as clients see it (behind a proxy).")
    @Nullable
    String url;

    @Option(
            names = "--action-source",
            paramLabel = "DIR|URL",
            description = "Where jobs find the actions they name (a directory mirroring actions, or a git base URL);"
                    + " repeatable (default: SLIPWAY_ACTION_SOURCE, comma-separated, and <data>/action-mirror).")
    java.util.List<String> actionSources = new java.util.ArrayList<>();

    @Option(
            names = "--token-permissions",
            paramLabel = "permissive|restricted",
            description = "What a job's GITHUB_TOKEN may do when its workflow sets no permissions: permissive (read and"
                    + " write, the default) or restricted (contents and packages read), as GitHub's setting"
                    + " (default: SLIPWAY_TOKEN_PERMISSIONS).")
    @Nullable
    String tokenPermissions;

    @Override
    public Integer call() throws InterruptedException {
        var config = config(this);
        // The hook is in place before the server starts: a SIGTERM while it starts waits for the start, then stops it.
        // A SIGTERM that came before this point finds no hook to add: nothing is started then.
        var server = new AtomicReference<SlipwayServer>();
        var started = new CountDownLatch(1);
        var stopped = new CountDownLatch(1);
        boolean hooked = ShutdownHooks.add(new Thread(
                () -> {
                    try {
                        started.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    var running = server.get();
                    if (running != null) {
                        System.out.println("Stopping Slipway...");
                        running.stop();
                    }
                    stopped.countDown();
                },
                "slipway-server-stop"));
        if (!hooked) {
            return 0; // stopped before it started
        }
        try {
            server.set(SlipwayServer.start(config, ServerCommand::platforms));
        } catch (StoreException | IllegalStateException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } finally {
            started.countDown();
        }
        System.out.println(
                "Slipway ready on " + config.publicUrl().orElse(server.get().url()) + " in " + sinceStart());
        stopped.await();
        return 0;
    }

    /** The configuration from the environment, overridden by options. */
    static ServerConfig config(ServerCommand options) {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(System.getenv());
            if (options.port != null) {
                config = config.withPort(ServerConfig.parsePort(options.port.toString(), "--port"));
            }
            if (options.bind != null) {
                config = config.withBind(options.bind);
            }
            if (options.data != null) {
                config = config.withDataDir(options.data);
            }
            if (options.database != null) {
                config = config.withDatabase(options.database);
            }
            if (options.url != null) {
                config = config.withPublicUrl(options.url);
            }
            if (!options.actionSources.isEmpty()) {
                config = config.withActionSources(options.actionSources);
            }
            if (options.tokenPermissions != null) {
                config = config.withTokenPermissions(
                        ServerConfig.tokenPermissions(options.tokenPermissions, "--token-permissions"));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return config;
    }

    /** The host executor for the usual runs-on labels, and containers (created on first use) for container jobs. */
    static Platforms platforms() {
        return LocalExecutors.platforms().build();
    }

    private static String sinceStart() {
        var start = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        var seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
