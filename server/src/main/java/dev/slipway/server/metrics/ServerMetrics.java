package dev.slipway.server.metrics;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics of one server: a Prometheus registry of its own (never Micrometer's global one, so that servers in one
 * JVM, as in tests, keep separate counts), JVM binders, run and HTTP meters, and the {@code GET /metrics} route.
 *
 * <pre>{@code
 * var metrics = ServerMetrics.create();
 * Javalin.create(c -> metrics.mount(c.routes));
 * new RunService(..., metrics.runs());
 * ...
 * metrics.close();
 * }</pre>
 */
public final class ServerMetrics implements AutoCloseable {
    /** Prometheus text format, version 0.0.4: what every scraper accepts. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final RunMeters runs;
    private final HttpMeters http;

    private ServerMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
        this.runs = new RunMeters(registry);
        this.http = new HttpMeters(registry);
    }

    /** A registry with JVM memory, GC, thread, class loading, processor and uptime meters. */
    public static ServerMetrics create() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        var gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new ServerMetrics(registry, gc);
    }

    /** Where the run service reports runs and jobs. */
    public RunMetrics runs() {
        return runs;
    }

    /** Times every routed request and adds {@code GET /metrics} (unauthenticated, like {@code /healthz}). */
    public void mount(RoutesConfig routes) {
        routes.before(http::before);
        routes.after(http::after);
        routes.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(scrape()));
    }

    /** The current values in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the GC listener and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
