package dev.slipway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.Assignment;
import dev.slipway.protocol.JobEvent;
import dev.slipway.protocol.Outcome;
import dev.slipway.protocol.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent protocol over HTTP(S) to a server's {@code /api/agent/v1}: {@code jobs/next} with the agent's credential,
 * the calls of a lease with its job token. Network failures and 5xx answers are {@link ChannelException}s (the agent
 * retries), 409 answers are lost leases or missing events.
 */
public final class HttpChannel implements AgentChannel {
    /** Where the protocol lives on a server. */
    public static final String PATH = "/api/agent/v1";

    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final HttpClient client;
    private final String base;
    private final String credential;

    /**
     * @param serverUrl the server's base URL, e.g. {@code https://ci.example.com}
     * @param credential the agent credential from {@link #register}
     */
    public HttpChannel(String serverUrl, String credential) {
        this.client = client();
        this.base = trim(serverUrl) + PATH;
        this.credential = credential;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Registers an agent with a one-time registration token.
     *
     * @return the agent's credential
     * @throws ChannelException when the server cannot be reached or refuses (the message says why)
     */
    public static String register(
            String serverUrl, String registrationToken, String name, Set<String> labels, int capacity, String version) {
        var body = new LinkedHashMap<String, Object>();
        body.put("registrationToken", registrationToken);
        body.put("name", name);
        body.put("labels", List.copyOf(labels));
        body.put("capacity", capacity);
        body.put("version", version);
        var response = send(client(), trim(serverUrl) + PATH + "/register", "", body, Duration.ofSeconds(30));
        if (response.statusCode() != 201) {
            throw new ChannelException(
                    "registration refused (HTTP " + response.statusCode() + "): " + message(response.body()));
        }
        return WireJson.read(response.body(), JsonNode.class).path("credential").asText();
    }

    @Override
    public Optional<Assignment> next(Set<String> labels, Duration wait) {
        var body = Map.of("labels", List.copyOf(labels), "waitMillis", wait.toMillis());
        var response = send(client, base + "/jobs/next", credential, body, wait.plus(MARGIN));
        return switch (response.statusCode()) {
            case 204 -> Optional.empty();
            case 200 -> Optional.of(WireJson.read(response.body(), Assignment.class));
            default -> throw refused(response);
        };
    }

    @Override
    public Ack append(String jobToken, List<JobEvent> events) {
        var response = send(client, base + "/jobs/events", jobToken, Map.of("events", events), MARGIN);
        if (response.statusCode() != 200) {
            throw refused(response);
        }
        return new Ack(
                WireJson.read(response.body(), JsonNode.class).path("next").asLong());
    }

    @Override
    public LeaseState extendLease(String jobToken, Duration wait) {
        var response =
                send(client, base + "/jobs/lease", jobToken, Map.of("waitMillis", wait.toMillis()), wait.plus(MARGIN));
        if (response.statusCode() != 200) {
            throw refused(response);
        }
        var body = WireJson.read(response.body(), JsonNode.class);
        if (!"cancel".equals(body.path("state").asText())) {
            return LeaseState.RUNNING;
        }
        return body.path("graceful").asBoolean(false) ? LeaseState.CANCEL_GRACEFULLY : LeaseState.CANCEL;
    }

    @Override
    public void done(String jobToken, Outcome outcome) {
        var response = send(client, base + "/jobs/done", jobToken, outcome, MARGIN);
        if (response.statusCode() != 204) {
            throw refused(response);
        }
    }

    private static HttpResponse<String> send(
            HttpClient client, String url, String bearer, Object body, Duration timeout) {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(body)));
        if (!bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ChannelException("cannot reach " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while calling " + url, e);
        }
    }

    private static RuntimeException refused(HttpResponse<String> response) {
        var text = message(response.body());
        if (response.statusCode() == 409) {
            var node = parse(response.body());
            if (node.path("gap").asBoolean(false)) {
                return new GapException(text);
            }
            return new LeaseLostException(text);
        }
        return new ChannelException("HTTP " + response.statusCode() + " from the server: " + text);
    }

    private static String message(String body) {
        var node = parse(body);
        return node.hasNonNull("message") ? node.get("message").asText() : body;
    }

    private static JsonNode parse(String body) {
        try {
            return WireJson.read(body, JsonNode.class);
        } catch (IllegalArgumentException e) {
            return WireJson.mapper().createObjectNode();
        }
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
