package dev.slipway.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.slipway.actions.Artifact;
import dev.slipway.actions.ArtifactStore;
import dev.slipway.actions.CacheEntry;
import dev.slipway.actions.CacheStore;
import dev.slipway.protocol.StoredFiles;
import dev.slipway.protocol.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's artifact and cache stores seen from a remote agent: the same {@link ArtifactStore} and {@link
 * CacheStore} the embedded agent uses, reached over HTTP with the job's token.
 */
final class HttpStores implements ArtifactStore, CacheStore {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;
    private final String token;

    /** @param serverUrl the server's base URL */
    HttpStores(String serverUrl, String token) {
        this.base = (serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl)
                + HttpChannel.PATH;
        this.token = token;
    }

    @Override
    public Artifact upload(String runId, String name, Path zip, int retentionDays, boolean overwrite, boolean archived)
            throws IOException {
        var response = send(
                request("/runs/" + enc(runId) + "/artifacts/" + enc(name) + "?retention_days=" + retentionDays
                                + "&overwrite=" + overwrite + (archived ? "" : "&archived=false"))
                        .PUT(HttpRequest.BodyPublishers.ofFile(zip)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            throw new FileAlreadyExistsException(name, null, "an artifact of that name exists in this run");
        }
        expect(response, 201);
        return WireJson.read(response.body(), StoredFiles.ArtifactInfo.class).artifact();
    }

    @Override
    public List<Artifact> list(String runId) throws IOException {
        var response = send(request("/runs/" + enc(runId) + "/artifacts").GET(), HttpResponse.BodyHandlers.ofString());
        expect(response, 200);
        List<StoredFiles.ArtifactInfo> infos;
        try {
            infos = WireJson.mapper()
                    .readValue(response.body(), new TypeReference<List<StoredFiles.ArtifactInfo>>() {});
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the server's artifact list is not valid: " + e.getOriginalMessage(), e);
        }
        return infos.stream().map(StoredFiles.ArtifactInfo::artifact).toList();
    }

    @Override
    public InputStream open(Artifact artifact) throws IOException {
        var response = send(
                request("/runs/" + enc(artifact.runId()) + "/artifacts/" + enc(artifact.name()))
                        .GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        return body(response);
    }

    @Override
    public Optional<CacheEntry> find(String repository, List<String> scopes, String version, List<String> keys)
            throws IOException {
        var query = new StoredFiles.CacheQuery(repository, scopes, version, keys);
        var response = send(
                request("/caches/find").POST(HttpRequest.BodyPublishers.ofString(WireJson.write(query))),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        expect(response, 200);
        return Optional.of(
                WireJson.read(response.body(), StoredFiles.CacheInfo.class).entry());
    }

    @Override
    public Optional<CacheEntry> save(String repository, String scope, String key, String version, Path archive)
            throws IOException {
        var response = send(
                request("/caches?repository=" + enc(repository) + "&scope=" + enc(scope) + "&key=" + enc(key)
                                + "&version=" + enc(version))
                        .PUT(HttpRequest.BodyPublishers.ofFile(archive)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        expect(response, 201);
        return Optional.of(
                WireJson.read(response.body(), StoredFiles.CacheInfo.class).entry());
    }

    @Override
    public InputStream open(CacheEntry entry) throws IOException {
        var response = send(
                request("/caches/archive")
                        .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(StoredFiles.CacheInfo.of(entry)))),
                HttpResponse.BodyHandlers.ofInputStream());
        return body(response);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return CLIENT.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static InputStream body(HttpResponse<InputStream> response) throws IOException {
        if (response.statusCode() != 200) {
            String text;
            try (var in = response.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new IOException("the server answered HTTP " + response.statusCode() + ": " + text);
        }
        return response.body();
    }

    private static void expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("the server answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
