package dev.slipway.server.images;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.registry.Registry;
import dev.slipway.registry.RegistryServer;
import dev.slipway.server.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push over a repository's immutable tag is refused through the registry's HTTP API with one clear sentence. */
class ImmutableTagPushTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dir;

    private Database db;
    private RegistryServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("db").toString());
        var alice = db.users().create("alice", "alice@example.com", "Alice", "correct horse battery", false);
        var shop = db.repos().create(alice.id(), "shop", "", false, "main");
        db.images().setImmutablePatterns(shop.id(), List.of("v*"));
        server = RegistryServer.start(
                Registry.builder(dir.resolve("registry"))
                        .tagPolicy(new ImmutableTags(db))
                        .build(),
                0);
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void aPushOverAnImmutableTagIsRefusedNamingTheTagAndRepositoryOnce() throws Exception {
        var one = manifest("one");
        assertThat(send("PUT", "/v2/alice/shop/manifests/v1", one, OCI_MANIFEST).statusCode())
                .isEqualTo(201);

        var moved = send("PUT", "/v2/alice/shop/manifests/v1", manifest("two"), OCI_MANIFEST);

        assertThat(moved.statusCode()).isEqualTo(403);
        assertThat(moved.body())
                .isEqualTo("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"tag v1 in alice/shop is immutable"
                        + " (repository alice/shop protects tags matching v*); it already points to "
                        + sha256(one) + ", push a new tag instead\"}]}");
    }

    /** An image manifest over a config and one layer, both pushed first. */
    private String manifest(String layerText) throws Exception {
        var config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}";
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", blob(config), config)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", blob(layerText), layerText)
                + "]}";
    }

    private static String descriptor(String mediaType, String digest, String content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":"
                + content.getBytes(UTF_8).length + "}";
    }

    private String blob(String content) throws Exception {
        var digest = sha256(content);
        var pushed =
                send("POST", "/v2/alice/shop/blobs/uploads/?digest=" + digest, content, "application/octet-stream");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return digest;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(String content) throws NoSuchAlgorithmException {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(UTF_8)));
    }
}
