package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router over in-process backends (the JDK's HTTP server): what it forwards, answers and counts. */
class RouterIT {
    final List<HttpServer> backends = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    Router router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        backends.forEach(b -> b.stop(0));
        http.close();
    }

    /** A backend answering {@code status} with its name, the path and the query it was asked. */
    URI backend(String name, int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        backends.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(router.url().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardsPathAndQueryRoundRobinAndCountsPerRelease() throws Exception {
        router = Router.start("shop", 0);
        router.route(RoutingTable.of(
                RoutingTable.Pool.of(1, List.of(backend("a", 200), backend("b", 200))),
                RoutingTable.Pool.of(2, List.of(backend("c", 500))),
                50));

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = get("/cart/items?id=" + i);
            bodies.add(r.statusCode() + " " + r.body());
        }

        assertThat(bodies)
                .containsExactly(
                        "200 a /cart/items?id=0",
                        "500 c /cart/items?id=1",
                        "200 b /cart/items?id=2",
                        "500 c /cart/items?id=3");
        assertThat(router.traffic(1)).isEqualTo(new Router.Traffic(2, 0));
        assertThat(router.traffic(2)).isEqualTo(new Router.Traffic(2, 2));
    }

    @Test
    void aReplicaThatDoesNotAnswerCountsAsAFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        router = Router.start("shop", 0);
        router.route(RoutingTable.of(
                RoutingTable.Pool.of(7, List.of(URI.create("http://127.0.0.1:" + closed))),
                RoutingTable.Pool.empty(),
                0));

        assertThat(get("/").statusCode()).isEqualTo(502);
        assertThat(router.traffic(7)).isEqualTo(new Router.Traffic(1, 1));
    }

    @Test
    void withoutAnyReplicaAnswers503InPlainText() throws Exception {
        router = Router.start("owner/repo/staging/web", 0);

        HttpResponse<String> r = get("/");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).startsWith("Service owner/repo/staging/web has no running replica");
    }

    @Test
    void aPortInUseFailsTheStartNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Router.start("shop", taken.getLocalPort())))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the router of shop cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
