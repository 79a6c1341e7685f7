package dev.slipway.registry;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.nio.file.Path;

/** A standalone registry on 127.0.0.1, for tests and benchmarks; the real server mounts {@link Registry} itself. */
public final class RegistryServer implements AutoCloseable {
    private final Registry registry;
    private final Javalin app;

    private RegistryServer(Registry registry, Javalin app) {
        this.registry = registry;
        this.app = app;
    }

    /** Serves an open registry (everyone may do everything) from {@code dir}; port 0 picks a free port. */
    public static RegistryServer start(Path dir, int port) {
        return start(Registry.builder(dir).build(), port);
    }

    /** Serves {@code registry} on 127.0.0.1:{@code port}; port 0 picks a free port. */
    public static RegistryServer start(Registry registry, int port) {
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.startup.showJavalinBanner = false;
            registry.mount(config.routes);
        });
        app.start("127.0.0.1", port);
        return new RegistryServer(registry, app);
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** {@code 127.0.0.1:port}, as image references want it. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** The registry being served. */
    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        app.stop();
    }
}
