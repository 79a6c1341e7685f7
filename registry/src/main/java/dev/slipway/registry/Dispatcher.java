package dev.slipway.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes one request to its handler and turns refusals into the spec's JSON errors. */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final AccessControl access;
    private final BlobApi blobs;
    private final UploadApi uploads;
    private final ManifestApi manifests;
    private final ListingApi listings;
    private final java.util.Optional<TokenApi> tokens;

    Dispatcher(Storage storage, AccessControl access, TagPolicy tagPolicy, RegistryListener listener) {
        this.access = access;
        this.blobs = new BlobApi(storage);
        this.uploads = new UploadApi(storage, access);
        this.manifests = new ManifestApi(storage, tagPolicy, listener);
        this.listings = new ListingApi(storage, access);
        this.tokens = access.tokens().map(t -> new TokenApi(t, access.authorizer()));
    }

    /** Handles a request whose path after the context path is {@code /v2...}; {@code base} is the {@code /v2} prefix. */
    void handle(Exchange ex, String pathAfterV2) {
        ex.header("Docker-Distribution-API-Version", "registry/2.0");
        try {
            Route route = Route.parse(URLDecoder.decode(pathAfterV2.replace("+", "%2B"), StandardCharsets.UTF_8));
            dispatch(ex, route);
        } catch (RegistryException e) {
            error(ex, e);
        } catch (IOException | RuntimeException e) {
            if (ex.response().isCommitted()) {
                LOG.debug(
                        "registry request {} {} aborted",
                        ex.method(),
                        ex.request().getRequestURI(),
                        e);
                return;
            }
            LOG.warn("registry request {} {} failed", ex.method(), ex.request().getRequestURI(), e);
            error(
                    ex,
                    new RegistryException(
                            ErrorCode.UNKNOWN, "internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void dispatch(Exchange ex, Route route) throws IOException {
        String method = ex.method();
        if (route instanceof Route.Token) {
            if (tokens.isEmpty() || !method.equals("GET")) {
                throw unsupported(method, route);
            }
            tokens.get().issue(ex);
            return;
        }
        AccessControl.Caller caller = access.identify(ex);
        switch (route) {
            case Route.Base b -> {
                access.requireBase(ex, caller);
                ex.send(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            case Route.Catalog c -> listings.catalog(ex, caller);
            case Route.Tags t -> {
                access.require(ex, caller, t.name(), RegistryAction.PULL);
                listings.tags(ex, t);
            }
            case Route.Referrers r -> {
                access.require(ex, caller, r.name(), RegistryAction.PULL);
                listings.referrers(ex, r);
            }
            case Route.Blob b -> {
                boolean delete = method.equals("DELETE");
                access.require(ex, caller, b.name(), delete ? RegistryAction.DELETE : RegistryAction.PULL);
                switch (method) {
                    case "GET", "HEAD" -> blobs.get(ex, b);
                    case "DELETE" -> blobs.delete(ex, b);
                    default -> throw unsupported(method, route);
                }
            }
            case Route.Manifest m -> {
                access.require(
                        ex,
                        caller,
                        m.name(),
                        switch (method) {
                            case "PUT" -> RegistryAction.PUSH;
                            case "DELETE" -> RegistryAction.DELETE;
                            default -> RegistryAction.PULL;
                        });
                switch (method) {
                    case "GET", "HEAD" -> manifests.get(ex, m);
                    case "PUT" -> manifests.put(ex, m, caller.principal());
                    case "DELETE" -> manifests.delete(ex, m);
                    default -> throw unsupported(method, route);
                }
            }
            case Route.UploadStart u -> {
                access.require(ex, caller, u.name(), RegistryAction.PUSH);
                if (!method.equals("POST")) {
                    throw unsupported(method, route);
                }
                uploads.start(ex, u, caller);
            }
            case Route.Upload u -> {
                access.require(ex, caller, u.name(), RegistryAction.PUSH);
                switch (method) {
                    case "PATCH" -> uploads.patch(ex, u);
                    case "PUT" -> uploads.finish(ex, u);
                    case "GET" -> uploads.status(ex, u);
                    case "DELETE" -> uploads.cancel(ex, u);
                    default -> throw unsupported(method, route);
                }
            }
            case Route.Token t -> throw unsupported(method, route);
        }
    }

    /**
     * Reads what is left of a small request body that an error answers before consuming it, so the connection stays
     * usable for the client's next request; a large rest closes the connection instead (a client reusing it would
     * otherwise see the connection drop under its next request).
     */
    private static void discardBody(Exchange ex) {
        long left = ex.request().getContentLengthLong();
        if (left > 1 << 20 || (left < 0 && ex.request().getHeader("Transfer-Encoding") != null)) {
            ex.header("Connection", "close");
            return;
        }
        if (left > 0) {
            try {
                ex.body().transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                ex.header("Connection", "close");
            }
        }
    }

    private static RegistryException unsupported(String method, Route route) {
        return new RegistryException(ErrorCode.UNSUPPORTED, method + " is not supported on " + route);
    }

    static void error(Exchange ex, RegistryException e) {
        e.challenge().ifPresent(c -> ex.header("WWW-Authenticate", c));
        discardBody(ex);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("code", e.code().wireName());
        entry.put("message", e.getMessage());
        e.detail().ifPresent(d -> entry.put("detail", d));
        try {
            byte[] body = Manifest.JSON.writeValueAsBytes(Map.of("errors", List.of(entry)));
            ex.response().setStatus(e.code().status());
            ex.response().setContentType("application/json");
            ex.response().setContentLengthLong(body.length);
            if (!ex.isHead()) {
                try (OutputStream out = ex.response().getOutputStream()) {
                    out.write(body);
                }
            }
        } catch (IOException io) {
            LOG.debug("could not send registry error", io);
        }
    }
}
