package dev.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.actions.CacheScope;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.protocol.WireJson;
import dev.slipway.runtime.CacheService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache service's protocol as {@code @actions/cache} speaks it, request by request. */
class CacheServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VERSION = "a".repeat(64);

    @TempDir
    Path dir;

    private CacheServer server;
    private CacheService service;
    private final List<CacheService.Admission> admissions = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = CacheServer.start(dir.resolve("uploads"));
        service = server.service(LocalCacheStore.of(dir.resolve("store")));
    }

    @AfterEach
    void stop() {
        admissions.forEach(CacheService.Admission::close);
        server.close();
    }

    private String admit(String ref, String mode) throws IOException {
        var scope = CacheScope.of(Map.of("GITHUB_REPOSITORY", "Acme/Shop", "GITHUB_REF", ref), "main");
        boolean restore = !mode.equals("write-only") && !mode.equals("none");
        boolean save = mode.equals("write") || mode.equals("write-only");
        CacheService.Admission admission = service.admit(new CacheService.Job("run/job/1", scope, restore, save, mode));
        admissions.add(admission);
        assertThat(admission.variables()).containsEntry("ACTIONS_CACHE_URL", server.url());
        return admission.variables().get("ACTIONS_RUNTIME_TOKEN");
    }

    private HttpResponse<String> send(String token, String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(server.url() + "_apis/artifactcache/" + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> reserve(String token, String key) throws Exception {
        return send(
                token,
                "POST",
                "caches",
                ("{\"key\":\"" + key + "\",\"version\":\"" + VERSION + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> lookup(String token, String keys) throws Exception {
        return send(token, "GET", "cache?keys=" + keys + "&version=" + VERSION, new byte[0]);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return WireJson.mapper().readTree(response.body());
    }

    /** Reserves, uploads {@code data} in chunks of {@code chunk} bytes, last one first and all at once, commits. */
    private HttpResponse<String> save(String token, String key, byte[] data, int chunk) throws Exception {
        var reserved = send(
                token,
                "POST",
                "caches",
                ("{\"key\":\"" + key + "\",\"version\":\"" + VERSION + "\",\"cacheSize\":" + data.length + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        long id = json(reserved).get("cacheId").asLong();
        List<CompletableFuture<HttpResponse<String>>> chunks = new ArrayList<>();
        for (int start = (data.length - 1) / chunk * chunk; start >= 0; start -= chunk) {
            int end = Math.min(data.length, start + chunk) - 1;
            var request = HttpRequest.newBuilder(URI.create(server.url() + "_apis/artifactcache/caches/" + id))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(data, start, end + 1)))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Range", "bytes " + start + "-" + end + "/*")
                    .build();
            chunks.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (var c : chunks) {
            assertThat(c.get().statusCode()).as(c.get().body()).isEqualTo(204);
        }
        return send(token, "POST", "caches/" + id, ("{\"size\":" + data.length + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSavedArchiveIsFoundByItsKeyOrAPrefixAndDownloadedAsItWasSent() throws Exception {
        String token = admit("refs/heads/main", "write");
        assertThat(lookup(token, "deps-linux-abc,deps-linux-").statusCode()).isEqualTo(204);
        byte[] data = new byte[300_001];
        new java.util.Random(7).nextBytes(data);
        assertThat(save(token, "deps-linux-abc", data, 65_536).statusCode()).isEqualTo(204);

        var exact = lookup(token, "deps-linux-abc");
        assertThat(exact.statusCode()).isEqualTo(200);
        assertThat(json(exact).get("cacheKey").asText()).isEqualTo("deps-linux-abc");
        assertThat(json(exact).get("scope").asText()).isEqualTo("refs/heads/main");
        assertThat(json(exact).get("cacheVersion").asText()).isEqualTo(VERSION);
        var prefix = lookup(token, "deps-linux-xyz,deps-linux-");
        assertThat(json(prefix).get("cacheKey").asText()).isEqualTo("deps-linux-abc");
        // the archive's address needs no token: @actions/cache downloads without one
        var archive = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(json(prefix).get("archiveLocation").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.body()).isEqualTo(data);
        // another version is another cache
        var other = send(token, "GET", "cache?keys=deps-linux-abc&version=" + "b".repeat(64), new byte[0]);
        assertThat(other.statusCode()).isEqualTo(204);
    }

    @Test
    void aBranchRestoresTheDefaultBranchsCachesButItsOwnStayItsOwn() throws Exception {
        String main = admit("refs/heads/main", "write");
        String feature = admit("refs/heads/feature", "write");
        assertThat(save(main, "k-main", new byte[] {1}, 10).statusCode()).isEqualTo(204);
        assertThat(save(feature, "k-feature", new byte[] {2}, 10).statusCode()).isEqualTo(204);

        assertThat(json(lookup(feature, "k-main")).get("scope").asText()).isEqualTo("refs/heads/main");
        assertThat(lookup(main, "k-feature").statusCode()).isEqualTo(204);
    }

    @Test
    void aKeyTakenInTheScopeOrBeingUploadedCannotBeReservedAgain() throws Exception {
        String token = admit("refs/heads/main", "write");
        assertThat(reserve(token, "k").statusCode()).isEqualTo(201);
        var again = reserve(token, "k");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("message").asText()).contains("Key: k");

        String other = admit("refs/heads/main", "write");
        assertThat(save(other, "saved", new byte[] {1}, 10).statusCode()).isEqualTo(204);
        var taken = reserve(other, "saved");
        assertThat(taken.statusCode()).isEqualTo(409);
    }

    @Test
    void jobsReservingTheSameKeyTogetherGetOneReservationBetweenThem() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(admit("refs/heads/main", "write"));
        }
        List<CompletableFuture<Integer>> reservations = new ArrayList<>();
        for (String token : tokens) {
            reservations.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return reserve(token, "same").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var r : reservations) {
            statuses.add(r.get());
        }
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void theJobsCacheModeDeniesReadsOrWritesWithTheMessagesTheLibraryKnows() throws Exception {
        String read = admit("refs/heads/main", "read");
        var denied = reserve(read, "k");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("message").asText())
                .isEqualTo("cache write denied: the job's cache-mode 'read' allows no saves");

        String none = admit("refs/heads/main", "none");
        var blind = lookup(none, "k");
        assertThat(blind.statusCode()).isEqualTo(403);
        assertThat(json(blind).get("message").asText())
                .isEqualTo("cache read denied: the job's cache-mode 'none' allows no restores");
    }

    @Test
    void withoutATokenOrAfterTheJobEndedNothingIsAnswered() throws Exception {
        assertThat(lookup("", "k").statusCode()).isEqualTo(401);
        assertThat(lookup("made-up", "k").statusCode()).isEqualTo(401);
        String token = admit("refs/heads/main", "write");
        assertThat(save(token, "k", new byte[] {1, 2, 3}, 2).statusCode()).isEqualTo(204);
        String url = json(lookup(token, "k")).get("archiveLocation").asText();
        var reserved = reserve(token, "pending");
        admissions.removeLast().close();

        assertThat(lookup(token, "k").statusCode()).isEqualTo(401);
        var archive = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(archive.statusCode()).isEqualTo(404);
        // the unfinished upload was dropped with its file
        assertThat(reserved.statusCode()).isEqualTo(201);
        try (var files = Files.list(dir.resolve("uploads"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void chunksThatDoNotCoverTheArchiveOrLieAboutTheirLengthAreRefused() throws Exception {
        String token = admit("refs/heads/main", "write");
        var reserved = reserve(token, "k");
        long id = json(reserved).get("cacheId").asLong();
        var shortChunk = send(token, "PATCH", "caches/" + id, new byte[3], "Content-Range", "bytes 0-9/*");
        assertThat(shortChunk.statusCode()).isEqualTo(400);
        assertThat(json(shortChunk).get("message").asText()).contains("Content-Range says 10");
        var noRange = send(token, "PATCH", "caches/" + id, new byte[3]);
        assertThat(noRange.statusCode()).isEqualTo(400);
        assertThat(json(noRange).get("message").asText()).contains("Content-Range must be");
        assertThat(send(token, "PATCH", "caches/" + id, new byte[4], "Content-Range", "bytes 4-7/*")
                        .statusCode())
                .isEqualTo(204);

        var gap = send(token, "POST", "caches/" + id, "{\"size\":8}".getBytes(StandardCharsets.UTF_8));
        assertThat(gap.statusCode()).isEqualTo(400);
        assertThat(json(gap).get("message").asText())
                .isEqualTo("the chunks sent cover the first 0 of the 8 bytes the commit names");
        var notJson = send(token, "POST", "caches", "{key".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("message").asText()).startsWith("the request body is not JSON");
        assertThat(lookup(token, "k").statusCode()).isEqualTo(204);
        String other = admit("refs/heads/main", "write");
        assertThat(send(other, "POST", "caches/" + id, "{\"size\":8}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(404);
    }
}
