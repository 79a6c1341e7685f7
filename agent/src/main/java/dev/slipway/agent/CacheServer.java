package dev.slipway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.actions.CacheEntry;
import dev.slipway.actions.CacheStore;
import dev.slipway.protocol.WireJson;
import dev.slipway.runtime.CacheService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * GitHub's cache service in the protocol {@code @actions/cache} speaks when {@code ACTIONS_CACHE_URL} is set (its
 * "v1", which every release of that library to 6.x speaks, and GitHub Enterprise Server serves), over a {@link
 * CacheStore}: the same store, scopes and key matching as the built-in {@code actions/cache}, so actions that cache
 * through the library ({@code Swatinem/rust-cache}, {@code gradle/actions/setup-gradle}, the real setup actions'
 * {@code cache} input) restore and save. It listens on the loopback address only; each admitted job gets a token of
 * its own, which says what it may read and write.
 */
public final class CacheServer implements AutoCloseable {
    private static final String PREFIX = "/_apis/artifactcache/";
    private static final Pattern CACHE_ID = Pattern.compile("caches/(\\d{1,18})");
    private static final Pattern ARCHIVE = Pattern.compile("archives/([A-Za-z0-9_-]{20,64})");
    private static final Pattern RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(?:\\*|\\d{1,18})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static @Nullable CacheServer shared;

    private final HttpServer http;
    private final Path uploads;
    private final String url;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<Long, Reservation> reservations = new ConcurrentHashMap<>();
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private record Grant(CacheService.Job job, CacheStore store) {}

    private record Reservation(Grant grant, CacheUpload upload) {}

    private record Download(Grant grant, CacheEntry entry) {}

    private CacheServer(HttpServer http, Path uploads) {
        this.http = http;
        this.uploads = uploads;
        this.url = "http://" + http.getAddress().getAddress().getHostAddress() + ":"
                + http.getAddress().getPort() + "/";
    }

    /** Starts a server on a free port of the loopback address; uploads wait in {@code uploads} until committed. */
    public static CacheServer start(Path uploads) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CacheServer server = new CacheServer(http, uploads);
        http.createContext(PREFIX, server::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return server;
    }

    /**
     * A service over {@code store} on this process's one server, started at the first admission (most runs have no
     * action that caches, and then no server runs).
     */
    public static CacheService lazy(CacheStore store) {
        return job -> shared().service(store).admit(job);
    }

    private static synchronized CacheServer shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("slipway-cache-uploads-");
            dir.toFile().deleteOnExit();
            shared = start(dir);
        }
        return shared;
    }

    /** {@code ACTIONS_CACHE_URL}: the server's base address, ending in a slash as the library expects. */
    public String url() {
        return url;
    }

    /** The service this server gives jobs whose caches are in {@code store}. */
    public CacheService service(CacheStore store) {
        return job -> {
            String token = randomId();
            Grant grant = new Grant(job, store);
            grants.put(token, grant);
            Map<String, String> variables = Map.of("ACTIONS_CACHE_URL", url, "ACTIONS_RUNTIME_TOKEN", token);
            return new CacheService.Admission() {
                @Override
                public Map<String, String> variables() {
                    return variables;
                }

                @Override
                public void close() {
                    revoke(token, grant);
                }
            };
        };
    }

    private void revoke(String token, Grant grant) {
        grants.remove(token);
        downloads.values().removeIf(d -> d.grant() == grant);
        reservations.entrySet().removeIf(e -> {
            if (e.getValue().grant() != grant) {
                return false;
            }
            closeQuietly(e.getValue().upload());
            return true;
        });
    }

    @Override
    public void close() {
        http.stop(0);
        grants.clear();
        downloads.clear();
        reservations.values().forEach(r -> closeQuietly(r.upload()));
        reservations.clear();
    }

    private void handle(HttpExchange exchange) {
        // the answer to a failure is sent before the exchange is closed (a try-with-resources closes first)
        try (exchange) {
            try {
                route(exchange);
            } catch (IllegalArgumentException e) {
                failed(exchange, 400, e.getMessage());
            } catch (IOException | RuntimeException e) {
                failed(exchange, 500, "the cache store failed: " + e.getMessage());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        Matcher archive = ARCHIVE.matcher(path);
        if (method.equals("GET") && archive.matches()) {
            download(exchange, archive.group(1));
            return;
        }
        Grant grant = grant(exchange);
        if (grant == null) {
            reply(exchange, 401, "no or unknown token: the job has ended, or this is not one of its actions");
            return;
        }
        Matcher id = CACHE_ID.matcher(path);
        if (method.equals("GET") && path.equals("cache")) {
            lookup(exchange, grant);
        } else if (method.equals("POST") && path.equals("caches")) {
            reserve(exchange, grant);
        } else if (method.equals("PATCH") && id.matches()) {
            chunk(exchange, grant, Long.parseLong(id.group(1)));
        } else if (method.equals("POST") && id.matches()) {
            commit(exchange, grant, Long.parseLong(id.group(1)));
        } else {
            reply(exchange, 404, "no such resource: " + method + " " + PREFIX + path);
        }
    }

    /** Answers a request that failed, unless its answer has begun (then the client sees the connection end). */
    private static void failed(HttpExchange exchange, int status, @Nullable String message) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            reply(exchange, status, String.valueOf(message));
        } catch (IOException e) {
            // the client has gone
        }
    }

    private @Nullable Grant grant(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return grants.get(header.substring(7).trim());
    }

    private void lookup(HttpExchange exchange, Grant grant) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String version = required(query, "version");
        List<String> keys = Arrays.stream(required(query, "keys").split(","))
                .filter(k -> !k.isEmpty())
                .toList();
        if (!grant.job().restore()) {
            reply(
                    exchange,
                    403,
                    "cache read denied: the job's cache-mode '" + grant.job().mode() + "' allows no restores");
            return;
        }
        var scope = grant.job().scope();
        Optional<CacheEntry> entry = grant.store().find(scope.repository(), scope.restoreFrom(), version, keys);
        if (entry.isEmpty()) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        String downloadId = randomId();
        downloads.put(downloadId, new Download(grant, entry.get()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cacheKey", entry.get().key());
        body.put("scope", entry.get().scope());
        body.put("cacheVersion", entry.get().version());
        body.put("creationTime", entry.get().created().toString());
        body.put("archiveLocation", url + PREFIX.substring(1) + "archives/" + downloadId);
        json(exchange, 200, body);
    }

    private void download(HttpExchange exchange, String id) throws IOException {
        Download download = downloads.get(id);
        if (download == null || !grants.containsValue(download.grant())) {
            reply(exchange, 404, "no such archive: the job that looked it up has ended");
            return;
        }
        try (InputStream in = download.grant().store().open(download.entry())) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            long size = download.entry().size();
            exchange.sendResponseHeaders(200, size > 0 ? size : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    private void reserve(HttpExchange exchange, Grant grant) throws IOException {
        JsonNode request = body(exchange);
        String key = text(request, "key");
        String version = text(request, "version");
        if (!grant.job().save()) {
            reply(
                    exchange,
                    403,
                    "cache write denied: the job's cache-mode '" + grant.job().mode() + "' allows no saves");
            return;
        }
        var scope = grant.job().scope();
        long id;
        // checked and taken at once: two jobs reserving the same key together get one reservation between them
        synchronized (reservations) {
            boolean taken = grant.store()
                            .find(scope.repository(), List.of(scope.saveTo()), version, List.of(key))
                            .filter(e -> e.key().equalsIgnoreCase(key))
                            .isPresent()
                    || reservations.values().stream()
                            .anyMatch(r -> r.grant().job().scope().repository().equals(scope.repository())
                                    && r.grant().job().scope().saveTo().equals(scope.saveTo())
                                    && r.upload().key.equalsIgnoreCase(key)
                                    && r.upload().version.equals(version));
            if (taken) {
                reply(
                        exchange,
                        409,
                        "Cache already exists. Scope: " + scope.saveTo() + ", Key: " + key + ", Version: " + version);
                return;
            }
            id = ids.incrementAndGet();
            reservations.put(id, new Reservation(grant, new CacheUpload(key, version, uploads)));
        }
        json(exchange, 201, Map.of("cacheId", id));
    }

    private void chunk(HttpExchange exchange, Grant grant, long id) throws IOException {
        Reservation reservation = reservations.get(id);
        if (reservation == null || reservation.grant() != grant) {
            reply(exchange, 404, "no cache " + id + " is reserved by this job");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        Matcher m = RANGE.matcher(range == null ? "" : range);
        if (!m.matches() || Long.parseLong(m.group(2)) < Long.parseLong(m.group(1))) {
            throw new IllegalArgumentException(
                    "Content-Range must be 'bytes START-END/*' with END not before START, not '" + range + "'");
        }
        try (InputStream body = exchange.getRequestBody()) {
            reservation.upload().write(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), body);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private void commit(HttpExchange exchange, Grant grant, long id) throws IOException {
        Reservation reservation = reservations.get(id);
        if (reservation == null || reservation.grant() != grant) {
            reply(exchange, 404, "no cache " + id + " is reserved by this job");
            return;
        }
        JsonNode size = body(exchange).get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new IllegalArgumentException("'size' must be the archive's length in bytes");
        }
        var scope = grant.job().scope();
        try (CacheUpload upload = reservation.upload()) {
            Path archive = upload.complete(size.asLong());
            Optional<CacheEntry> saved =
                    grant.store().save(scope.repository(), scope.saveTo(), upload.key, upload.version, archive);
            reservations.remove(id);
            if (saved.isEmpty()) {
                reply(exchange, 409, "Cache already exists. Scope: " + scope.saveTo() + ", Key: " + upload.key);
                return;
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(64 * 1024 + 1);
            if (bytes.length > 64 * 1024) {
                throw new IllegalArgumentException("the request body is longer than 64 KiB");
            }
            return WireJson.mapper().readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the query parameter '" + name + "' is missing");
        }
        return value;
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("message", message));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = WireJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** 192 random bits, URL-safe: a token, or an archive's address that needs none. */
    private static String randomId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void closeQuietly(CacheUpload upload) {
        try {
            upload.close();
        } catch (IOException e) {
            // a temporary file left behind; nothing refers to it any more
        }
    }
}
