package dev.slipway.server.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times HTTP requests by method, route template (never the raw path: it would make one series per repository) and
 * status. Git and registry traffic served outside the router shows under the template of whatever matched, or
 * {@code NOT_FOUND}/{@code UNMATCHED}.
 */
final class HttpMeters {
    private static final String START = HttpMeters.class.getName() + ".start";

    private final MeterRegistry registry;

    HttpMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void before(Context ctx) {
        ctx.attribute(START, System.nanoTime());
    }

    void after(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        var status = ctx.status().getCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests handled by the router")
                .tag("method", ctx.method().name())
                .tag("uri", route(ctx, status))
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String route(Context ctx, int status) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        return status == 404 ? "NOT_FOUND" : "UNMATCHED";
    }
}
