package dev.slipway.registry;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.nio.file.Path;

/** A standalone registry on 127.0.0.1, for tests and benchmarks; the real server mounts {@link Registry} itself. */
public final class RegistryServer implements AutoCloseable {
    /**
     * Jetty's request read size (its default is 8 KiB). Larger reads cost less CPU per byte, but must stay within what
     * Jetty's default buffer pool keeps (64 KiB): a larger buffer is allocated, zeroed and freed again for every read
     * (with 256 KiB, {@code Bits.setMemory} was the hottest Java frame of a 50-layer push; docs/benchmarks.md, "OCI
     * registry", has the CPU times). The server that mounts {@link Registry} itself should configure its connector the
     * same way.
     */
    public static final int INPUT_BUFFER_SIZE = Integer.getInteger("slipway.registry.inputBuffer", 64 << 10);

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
            config.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(INPUT_BUFFER_SIZE));
            registry.mount(config.routes);
        });
        app.start("127.0.0.1", port);
        return new RegistryServer(registry, app);
    }

    /**
     * Standalone launcher for benchmarks and manual testing: {@code RegistryServer DIR [PORT]} serves an open registry
     * from {@code DIR} until the process is killed.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: RegistryServer DIR [PORT]");
            System.exit(2);
        }
        RegistryServer server = start(Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : 0);
        System.out.println("slipway registry listening on " + server.hostPort());
        Thread.currentThread().join();
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
