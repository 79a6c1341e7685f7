package dev.slipway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A small HTTP client for the API: JSON in and out, with or without credentials. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String token(String secret) {
        return "token " + secret;
    }

    Response get(String path, Optional<String> auth) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), auth);
    }

    Response get(String path, String auth) {
        return get(path, Optional.of(auth));
    }

    Response post(String path, String json, Optional<String> auth) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                auth);
    }

    Response post(String path, String json, String auth) {
        return post(path, json, Optional.of(auth));
    }

    Response put(String path, String json, String auth) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                Optional.of(auth));
    }

    /** A PUT of raw bytes, such as an archive. */
    Response put(String path, byte[] body, String contentType, String auth) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", contentType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
                Optional.of(auth));
    }

    Response patch(String path, String json, String auth) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)),
                Optional.of(auth));
    }

    Response delete(String path, String auth) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), Optional.of(auth));
    }

    private Response send(HttpRequest.Builder request, Optional<String> auth) {
        auth.ifPresent(a -> request.header("Authorization", a));
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
