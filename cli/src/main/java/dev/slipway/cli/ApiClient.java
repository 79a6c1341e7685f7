package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.UserError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A small client of the server's REST API ({@code /api/v3}) for the CLI's verbs. Every failure is a {@link UserError}
 * whose message says what went wrong in the user's terms: unreachable server, refused credentials, or the server's
 * own {@code message}.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final Optional<String> authorization;
    private final HttpClient http;

    private ApiClient(String server, Optional<String> authorization) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** A client sending {@code token} as {@code Authorization: token ...} (none when empty). */
    static ApiClient withToken(String server, Optional<String> token) {
        return new ApiClient(server, token.map(t -> "token " + t));
    }

    /** A client using HTTP basic authentication. */
    static ApiClient withPassword(String server, String user, String password) {
        var basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new ApiClient(server, Optional.of("Basic " + basic));
    }

    String server() {
        return server;
    }

    JsonNode get(String path) {
        return json(send("GET", path, null));
    }

    /** The body as text, for logs. */
    String getText(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, body));
    }

    JsonNode put(String path, Object body) {
        return json(send("PUT", path, body));
    }

    JsonNode patch(String path, Object body) {
        return json(send("PATCH", path, body));
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    private String send(String method, String path, Object body) {
        var uri = URI.create(server + "/api/v3" + path);
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new UserError("cannot reach the Slipway server at " + server + " (connection refused); is it running?"
                    + " Set --server or SLIPWAY_SERVER");
        } catch (HttpTimeoutException e) {
            throw new UserError("the Slipway server at " + server + " did not answer in time");
        } catch (IOException e) {
            throw new UserError("cannot reach the Slipway server at " + server + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        var message = message(response.body());
        throw switch (status) {
            case 401 ->
                new UserError("the server at " + server + " refused the credentials (401 " + message
                        + "); check --token, SLIPWAY_TOKEN or `slipway login`");
            case 403 -> new UserError("not allowed (403): " + message);
            case 404 -> new UserError("not found (404): " + method + " " + path);
            default -> new UserError("the server answered " + status + ": " + message);
        };
    }

    private static String message(String body) {
        try {
            var node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: the body itself, shortened
        }
        var text = body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static JsonNode json(String text) {
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UserError("the server answered with something that is not JSON: " + message(text));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
