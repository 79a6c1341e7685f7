package dev.slipway.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Hook;
import dev.slipway.server.store.HookDelivery;
import dev.slipway.server.store.Hooks;
import dev.slipway.server.store.SecretBox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries a stopped server left unsent go out at the next start; a receiver that is down is recorded so. */
class WebhooksTest {
    private final SecretBox box = SecretBox.of(new byte[32]);
    private final LinkedBlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    private Database db;
    private HttpServer receiver;
    private long repoId;

    @BeforeEach
    void open() throws IOException {
        db = Database.open("jdbc:h2:mem:hooks-" + UUID.randomUUID());
        var owner = db.users().create("ann", "ann@example.com", "Ann", "password-123", false);
        repoId = db.repos().create(owner.id(), "web", "", false, "main").id();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String[] {
                exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
                exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void close() {
        receiver.stop(0);
        db.close();
    }

    private Hook hook(String url) {
        return db.hooks()
                .create(repoId, new Hooks.Fields(url, "json", Optional.of(box.encrypt("key")), List.of("*"), true));
    }

    @Test
    void aDeliveryRecordedButNotSentGoesOutAtTheNextStart() throws Exception {
        var hook = hook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/in");
        // as a server that stopped between recording and sending leaves it
        var left = db.hooks()
                .record(hook.id(), UUID.randomUUID().toString(), "push", Optional.empty(), "{\"a\":1}", false);
        try (var hooks = new Webhooks(db, box, () -> "http://127.0.0.1")) {
            hooks.resendUnsent();
            var got = received.poll(30, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got[0]).isEqualTo("push");
            assertThat(got[1]).isEqualTo("sha256=" + Webhooks.hmac("key", "{\"a\":1}"));
            assertThat(got[2]).isEqualTo("{\"a\":1}");
            assertThat(await(left.id()).statusCode()).contains(204);
        }
        assertThat(db.hooks().unsent()).isEmpty();
    }

    @Test
    void aReceiverThatIsDownIsRecordedWithWhy() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        var hook = hook("http://127.0.0.1:" + port + "/in");
        try (var hooks = new Webhooks(db, box, () -> "http://127.0.0.1")) {
            var ping = hooks.ping(hook, db.repos().find(repoId).orElseThrow(), "ann");
            assertThat(ping.statusCode()).isEmpty();
            assertThat(ping.error()).hasValueSatisfying(e -> assertThat(e).contains("ConnectException"));
            assertThat(ping.delivered()).isPresent();
        }
    }

    private HookDelivery await(long id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var d = db.hooks().delivery(id).orElseThrow();
            if (d.delivered().isPresent()) {
                return d;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("delivery " + id + " was not completed");
    }
}
