package dev.slipway.server.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Hook;
import dev.slipway.server.store.HookDelivery;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.SecretBox;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to repositories' webhooks as GitHub does: a POST of the JSON payload (or {@code payload=} form)
 * with {@code X-GitHub-Event}, {@code X-GitHub-Delivery}, {@code X-GitHub-Hook-ID} and, when the hook has a secret,
 * {@code X-Hub-Signature-256} (HMAC-SHA256 of the body). Every delivery is recorded before it is sent and completed
 * with the answer; sending happens on virtual threads, never on the caller's, and a receiver that is slow or down
 * delays nothing else. Thread-safe.
 */
public final class Webhooks implements AutoCloseable {
    /** The events a webhook can subscribe to ({@code *}: all). */
    public static final List<String> EVENTS = List.of(
            "push",
            "create",
            "delete",
            "pull_request",
            "pull_request_review",
            "release",
            "workflow_run",
            "workflow_job",
            "deployment",
            "deployment_status");

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Database db;
    private final SecretBox box;
    private final Supplier<String> serverUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-", 0).factory());

    public Webhooks(Database db, SecretBox box, Supplier<String> serverUrl) {
        this.db = db;
        this.box = box;
        this.serverUrl = serverUrl;
    }

    /** What is wrong with {@code url} as a webhook's address (http or https with a host); empty when nothing. */
    public static Optional<String> urlProblem(String url) {
        try {
            var uri = URI.create(url);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // the same answer as for any other address
        }
        return Optional.of("the payload URL must be an http or https URL with a host: '" + url + "'");
    }

    /** The box that seals the hooks' secrets. */
    public SecretBox box() {
        return box;
    }

    /**
     * Sends {@code event} to every hook of {@code repo} that wants it, in the background; {@code payload} gets the
     * {@code repository} and {@code sender} objects every GitHub payload has.
     */
    public void send(Repo repo, String event, Optional<String> action, Map<String, ?> payload, String sender) {
        List<Hook> hooks;
        try {
            hooks = db.hooks().list(repo.id()).stream()
                    .filter(h -> h.wants(event))
                    .toList();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the webhooks of {}: {}", repo.fullName(), e.toString());
            return;
        }
        if (hooks.isEmpty()) {
            return;
        }
        String body = body(repo, action, payload, sender);
        for (Hook hook : hooks) {
            var delivery = db.hooks().record(hook.id(), UUID.randomUUID().toString(), event, action, body, false);
            senders.execute(() -> deliver(hook, delivery));
        }
    }

    /** GitHub's {@code ping} to one hook, sent now; the recorded delivery. */
    public HookDelivery ping(Hook hook, Repo repo, String sender) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("zen", "Ship small, ship often.");
        payload.put("hook_id", hook.id());
        payload.put(
                "hook",
                Map.of(
                        "id",
                        hook.id(),
                        "type",
                        "Repository",
                        "events",
                        hook.events(),
                        "active",
                        hook.active(),
                        "config",
                        Map.of("url", hook.url(), "content_type", hook.contentType())));
        var delivery = db.hooks()
                .record(
                        hook.id(),
                        UUID.randomUUID().toString(),
                        "ping",
                        Optional.empty(),
                        body(repo, Optional.empty(), payload, sender),
                        false);
        deliver(hook, delivery);
        return db.hooks().delivery(delivery.id()).orElse(delivery);
    }

    /** Sends {@code earlier}'s body again as a new delivery (GitHub's redelivery), in the background. */
    public HookDelivery redeliver(Hook hook, HookDelivery earlier) {
        var again =
                db.hooks().record(hook.id(), earlier.guid(), earlier.event(), earlier.action(), earlier.body(), true);
        senders.execute(() -> deliver(hook, again));
        return again;
    }

    /** Sends the deliveries a stopped server recorded but did not finish; at start. */
    public void resendUnsent() {
        for (HookDelivery d : db.hooks().unsent()) {
            db.hooks().find(d.hookId()).ifPresent(hook -> senders.execute(() -> deliver(hook, d)));
        }
    }

    private void deliver(Hook hook, HookDelivery d) {
        long start = System.nanoTime();
        try {
            var form = hook.contentType().equals("form");
            String sent = form ? "payload=" + URLEncoder.encode(d.body(), StandardCharsets.UTF_8) : d.body();
            var request = HttpRequest.newBuilder(URI.create(hook.url()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json")
                    .header("User-Agent", "Slipway-Hookshot/1")
                    .header("X-GitHub-Event", d.event())
                    .header("X-GitHub-Delivery", d.guid())
                    .header("X-GitHub-Hook-ID", Long.toString(hook.id()))
                    .header("X-GitHub-Hook-Installation-Target-Type", "repository");
            hook.secret()
                    .map(box::decrypt)
                    .ifPresent(secret -> request.header("X-Hub-Signature-256", "sha256=" + hmac(secret, sent)));
            var response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(sent)).build(),
                    HttpResponse.BodyHandlers.ofString());
            db.hooks()
                    .delivered(
                            d.id(),
                            Optional.of(response.statusCode()),
                            Optional.empty(),
                            response.body(),
                            millis(start));
        } catch (IOException | IllegalArgumentException e) {
            db.hooks().delivered(d.id(), Optional.empty(), Optional.of(reason(e)), "", millis(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: sent again at the next start
        } catch (RuntimeException e) {
            LOG.warn("webhook {} delivery {} failed", hook.id(), d.id(), e);
            db.hooks().delivered(d.id(), Optional.empty(), Optional.of(reason(e)), "", millis(start));
        }
    }

    private String body(Repo repo, Optional<String> action, Map<String, ?> payload, String sender) {
        Map<String, Object> out = new LinkedHashMap<>();
        action.ifPresent(a -> out.put("action", a));
        out.putAll(payload);
        out.putIfAbsent("repository", repository(repo));
        out.putIfAbsent("sender", Map.of("login", sender, "type", sender.endsWith("[bot]") ? "Bot" : "User"));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook payload", e);
        }
    }

    private Map<String, Object> repository(Repo repo) {
        var base = serverUrl.get();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", repo.id());
        r.put("name", repo.name());
        r.put("full_name", repo.fullName());
        r.put("private", repo.isPrivate());
        r.put("owner", Map.of("login", repo.ownerLogin()));
        r.put("html_url", base + "/" + repo.fullName());
        r.put("clone_url", base + "/" + repo.fullName() + ".git");
        r.put("default_branch", repo.defaultBranch());
        return r;
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}, as {@code X-Hub-Signature-256} carries it. */
    static String hmac(String secret, String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static long millis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
