package dev.slipway.server.api;

import io.javalin.http.Context;
import java.util.Optional;

/** Absolute URLs in responses, from the configured public URL or else the request's own scheme and host. */
record Links(String base) {
    static Links of(Context ctx, Optional<String> publicUrl) {
        var base = publicUrl.orElseGet(() -> ctx.scheme() + "://" + ctx.host());
        return new Links(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    String api(String path) {
        return base + "/api/v3" + path;
    }

    String web(String path) {
        return base + path;
    }

    String repoApi(String fullName) {
        return api("/repos/" + fullName);
    }
}
