package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * upload-artifact, download-artifact and cache store through the server: rows and files, listed and downloadable
 * through the GitHub-shaped API, deletable; a second job of the run gets the artifact, a second run the cache.
 */
class ArtifactsIT {
    private static final String WORKFLOW = """
            name: build
            on: [push, workflow_dispatch]
            jobs:
              make:
                runs-on: ubuntu-latest
                steps:
                  - run: mkdir -p out deps && echo "built by slipway" > out/report.txt
                  - uses: actions/cache@v4
                    with:
                      path: deps
                      key: deps-v1
                  - run: test -f deps/marker && echo "cache restored" || echo marker > deps/marker
                  - uses: actions/upload-artifact@v4
                    with:
                      name: report
                      path: out/report.txt
                      retention-days: 3
                  - run: echo '{"built":true}' > out/build-info.json
                  - uses: actions/upload-artifact@v7
                    with:
                      path: out/build-info.json
                      archive: false
              use:
                needs: make
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/download-artifact@v4
                    with:
                      name: report
                  - run: cat report.txt
                  - uses: actions/download-artifact@v8
                    with:
                      name: build-info.json
                      path: info
                  - run: cat info/build-info.json
            """;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String erin;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        erin = server.userWithToken("erin");
        server.pushNewRepository("erin", erin, "app", dir.resolve("work"), ".github/workflows/build.yml", WORKFLOW);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUploadedArtifactIsListedDownloadableAndReachesTheNextJob() throws IOException, InterruptedException {
        var run = awaitCompleted("event=push");
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        long runId = run.get("id").asLong();

        var list = get("/runs/" + runId + "/artifacts");
        assertThat(list.get("total_count").asInt()).isEqualTo(2);
        var artifact = list.get("artifacts").get(1);
        assertThat(artifact.get("name").asText()).isEqualTo("report");
        assertThat(artifact.get("expired").asBoolean()).isFalse();
        assertThat(artifact.get("digest").asText()).startsWith("sha256:");
        var created = Instant.parse(artifact.get("created_at").asText());
        var expires = Instant.parse(artifact.get("expires_at").asText());
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(3));
        assertThat(get("/artifacts?name=report").get("total_count").asInt()).isPositive();
        assertThat(get("/artifacts?name=other").get("total_count").asInt()).isZero();
        long id = artifact.get("id").asLong();
        assertThat(get("/artifacts/" + id).get("size_in_bytes").asLong())
                .isEqualTo(artifact.get("size_in_bytes").asLong());

        var zip = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.server.url()
                                        + "/api/v3/repos/erin/app/actions/artifacts/" + id + "/zip"))
                                .header("Authorization", Http.token(erin))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.body().length).isEqualTo(artifact.get("size_in_bytes").asInt());
        assertThat(unzip(zip.body(), "report.txt")).isEqualTo("built by slipway\n");

        var jobs = server.http
                .get("/api/v3/repos/erin/app/actions/runs/" + runId + "/jobs", Http.token(erin))
                .json()
                .get("jobs");
        long useJob = 0;
        for (var job : jobs) {
            if (job.get("name").asText().equals("use")) {
                useJob = job.get("id").asLong();
            }
        }
        var log = server.http.get("/api/v3/repos/erin/app/actions/jobs/" + useJob + "/logs", Http.token(erin));
        assertThat(log.body()).contains("built by slipway", "{\"built\":true}");
        try (var files = Files.list(dir.resolve("data/artifacts/" + runId))) {
            assertThat(files).hasSize(2);
        }

        // archive: false (upload-artifact v7): the file itself, named after it, sent with its own media type
        var info = list.get("artifacts").get(0);
        assertThat(info.get("name").asText()).isEqualTo("build-info.json");
        var raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.server.url()
                                        + "/api/v3/repos/erin/app/actions/artifacts/"
                                        + info.get("id").asLong()
                                        + "/zip"))
                                .header("Authorization", Http.token(erin))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(raw.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"build-info.json\"");
        assertThat(raw.body()).isEqualTo("{\"built\":true}\n");
        assertThat(info.get("size_in_bytes").asInt()).isEqualTo(15);

        var reader = server.userWithToken("frank");
        var forbidden = server.http.delete("/api/v3/repos/erin/app/actions/artifacts/" + id, Http.token(reader));
        assertThat(forbidden.status()).isEqualTo(403);
        var gone = server.http.delete("/api/v3/repos/erin/app/actions/artifacts/" + id, Http.token(erin));
        assertThat(gone.status()).isEqualTo(204);
        assertThat(server.http
                        .get("/api/v3/repos/erin/app/actions/artifacts/" + id, Http.token(erin))
                        .status())
                .isEqualTo(404);
        try (var files = Files.list(dir.resolve("data/artifacts/" + runId))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aSecondRunRestoresTheCacheAndCachesCanBeDeletedByKey() {
        awaitCompleted("event=push");
        var caches = get("/caches");
        assertThat(caches.get("total_count").asInt()).isEqualTo(1);
        var entry = caches.get("actions_caches").get(0);
        assertThat(entry.get("key").asText()).isEqualTo("deps-v1");
        assertThat(entry.get("ref").asText()).isEqualTo("refs/heads/main");

        var dispatched = server.http.post(
                "/api/v3/repos/erin/app/actions/workflows/build.yml/dispatches",
                "{\"ref\":\"main\"}",
                Http.token(erin));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var second = awaitCompleted("event=workflow_dispatch");
        var jobs = server.http
                .get("/api/v3/repos/erin/app/actions/runs/" + second.get("id").asLong() + "/jobs", Http.token(erin))
                .json()
                .get("jobs");
        var make = jobs.get(0).get("name").asText().equals("make") ? jobs.get(0) : jobs.get(1);
        var log = server.http.get(
                "/api/v3/repos/erin/app/actions/jobs/" + make.get("id").asLong() + "/logs", Http.token(erin));
        assertThat(log.body()).contains("cache restored");

        var missingKey = server.http.delete("/api/v3/repos/erin/app/actions/caches", Http.token(erin));
        assertThat(missingKey.status()).isEqualTo(422);
        assertThat(missingKey.json().get("message").asText()).contains("'key'");
        var deleted = server.http.delete("/api/v3/repos/erin/app/actions/caches?key=deps-v1", Http.token(erin));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("total_count").asInt()).isEqualTo(1);
        assertThat(get("/caches").get("total_count").asInt()).isZero();
    }

    private static JsonNode get(String path) {
        var r = server.http.get("/api/v3/repos/erin/app/actions" + path, Http.token(erin));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static String unzip(byte[] zip, String name) throws IOException {
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in the zip");
    }

    /** Polls the runs matching {@code query} until the newest has completed (a wait, not a timing assertion). */
    static JsonNode awaitCompleted(String query) {
        return RunWait.completed(server, "erin/app", Http.token(erin), query);
    }
}
