package dev.slipway.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny HTTP client for tests against a registry on 127.0.0.1. */
final class Http {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body.length == 0 && !method.equals("PUT") && !method.equals("PATCH")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, new byte[0], headers);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    /** Monolithic upload; returns the digest. */
    String pushBlob(String repo, byte[] content) {
        String digest = Digest.sha256(content).toString();
        HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest, content);
        if (r.statusCode() != 201) {
            throw new AssertionError("blob push failed: " + r.statusCode() + " " + text(r));
        }
        return digest;
    }

    /** An OCI image manifest over a config and one layer, both pushed; returns the manifest bytes. */
    byte[] imageManifest(String repo, String layerText, String extra) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":"
                        + "{\"org.opencontainers.image.revision\":\"cafe42\"}},\"rootfs\":{\"type\":\"layers\"}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
        String c = pushBlob(repo, config);
        String l = pushBlob(repo, layer);
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + c + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + l
                        + "\",\"size\":" + layer.length + "}]" + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<byte[]> putManifest(String repo, String reference, byte[] manifest, String mediaType) {
        return send("PUT", "/v2/" + repo + "/manifests/" + reference, manifest, "Content-Type", mediaType);
    }
}
