package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
    @TempDir
    Path dir;

    private RegistryServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = RegistryServer.start(dir, 0);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void age(String digest) throws Exception {
        Digest d = Digest.parse(digest);
        Path blob = dir.resolve("blobs")
                .resolve(d.algorithm())
                .resolve(d.hex().substring(0, 2))
                .resolve(d.hex());
        Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    }

    @Test
    void deletesOnlyOldUnreferencedBlobs() throws Exception {
        byte[] manifest = http.imageManifest("app", "kept layer", "");
        assertThat(http.putManifest("app", "latest", manifest, MediaTypes.OCI_MANIFEST)
                        .statusCode())
                .isEqualTo(201);
        String orphan = http.pushBlob("app", "orphan".getBytes(UTF_8));
        String fresh = http.pushBlob("app", "fresh orphan".getBytes(UTF_8));
        String layer = Digest.sha256("kept layer".getBytes(UTF_8)).toString();
        age(orphan);
        age(layer);
        age(Digest.sha256(manifest).toString());

        GcResult result = server.registry().gc(Duration.ofHours(1));

        assertThat(result.blobsDeleted()).isEqualTo(1);
        assertThat(result.blobsKeptRecent()).isEqualTo(1);
        assertThat(http.get("/v2/app/blobs/" + orphan).statusCode()).isEqualTo(404);
        assertThat(http.get("/v2/app/blobs/" + fresh).statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/app/blobs/" + layer).statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/app/manifests/latest").statusCode()).isEqualTo(200);
        // the deleted manifest's blobs go on the next run
        assertThat(http.send("DELETE", "/v2/app/manifests/" + Digest.sha256(manifest), new byte[0])
                        .statusCode())
                .isEqualTo(202);
        assertThat(server.registry().gc(Duration.ofHours(1)).blobsDeleted()).isEqualTo(2);
        assertThat(http.get("/v2/app/blobs/" + layer).statusCode()).isEqualTo(404);
    }

    @Test
    void neverDeletesReferencedBlobsOrUploadsWhilePushesRun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> pushedTags = java.util.Collections.synchronizedList(new ArrayList<>());
        String open = Http.header(http.send("POST", "/v2/busy/blobs/uploads/", new byte[0]), "Location");
        http.send("PATCH", open, "partial".getBytes(UTF_8));
        Thread pusher = Thread.ofPlatform().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            for (int i = 0; i < 60 && !stop.get() && System.nanoTime() < deadline; i++) {
                byte[] m = http.imageManifest("busy", "layer-" + i, "");
                HttpResponse<byte[]> response = http.putManifest("busy", "t" + i, m, MediaTypes.OCI_MANIFEST);
                if (response.statusCode() == 201) {
                    pushedTags.add("t" + i);
                } else {
                    failures.add(response.statusCode() + " " + Http.text(response));
                }
            }
        });
        int runs = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pusher.isAlive() && runs < 200 && System.nanoTime() < deadline) {
            server.registry().gc(Duration.ofSeconds(2));
            runs++;
        }
        stop.set(true);
        pusher.join(10_000);

        assertThat(runs).isPositive();
        assertThat(failures).isEmpty();
        assertThat(pushedTags).isNotEmpty();
        for (String tag : pushedTags) {
            int i = Integer.parseInt(tag.substring(1));
            assertThat(http.get("/v2/busy/manifests/" + tag).statusCode()).isEqualTo(200);
            String layer = Digest.sha256(("layer-" + i).getBytes(UTF_8)).toString();
            assertThat(http.get("/v2/busy/blobs/" + layer).statusCode()).as(tag).isEqualTo(200);
        }
        // the open upload survived and still completes
        String digest = Digest.sha256("partial!".getBytes(UTF_8)).toString();
        assertThat(http.send("PUT", open + "?digest=" + digest, "!".getBytes(UTF_8))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void uploadsNeverFailWhileGcRunsWithoutGrace() throws Exception {
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread uploader = Thread.ofPlatform().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (int i = 0; i < 80 && System.nanoTime() < deadline; i++) {
                byte[] blob = ("blob-" + i).repeat(1000).getBytes(UTF_8);
                statuses.add(http.send("POST", "/v2/gc/blobs/uploads/?digest=" + Digest.sha256(blob), blob)
                        .statusCode());
                String location = Http.header(http.send("POST", "/v2/gc/blobs/uploads/", new byte[0]), "Location");
                http.send("PATCH", location, blob);
                statuses.add(http.send("PUT", location + "?digest=" + Digest.sha256(blob), new byte[0])
                        .statusCode());
            }
        });
        int runs = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (uploader.isAlive() && runs < 500 && System.nanoTime() < deadline) {
            server.registry().gc(Duration.ZERO);
            runs++;
        }
        uploader.join(10_000);
        assertThat(statuses).isNotEmpty().containsOnly(201);
    }

    @Test
    void uploadsSurviveARestartAndAbandonedOnesArePurged() throws Exception {
        String kept = Http.header(http.send("POST", "/v2/up/blobs/uploads/", new byte[0]), "Location");
        http.send("PATCH", kept, "kept ".getBytes(UTF_8));
        String abandoned = Http.header(http.send("POST", "/v2/up/blobs/uploads/", new byte[0]), "Location");
        http.send("PATCH", abandoned, "abandoned".getBytes(UTF_8));
        server.close();
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        String abandonedId = abandoned.substring(abandoned.lastIndexOf('/') + 1);
        try (var files = Files.list(dir.resolve("uploads"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(abandonedId))
                    .toList()) {
                Files.setLastModifiedTime(file, old);
            }
        }
        // an upload left by the older one-directory-per-upload layout
        Path legacy = Files.createDirectories(dir.resolve("uploads").resolve("0c6a2b1e-0000-4000-8000-000000000000"));
        Files.writeString(legacy.resolve("repository"), "up");
        Files.writeString(legacy.resolve("data"), "old");
        Files.setLastModifiedTime(legacy.resolve("data"), old);
        Files.setLastModifiedTime(legacy, old);
        Path stray = Files.writeString(dir.resolve("uploads").resolve("README"), "not an upload");
        Files.setLastModifiedTime(stray, old);
        server = RegistryServer.start(dir, 0);
        http = new Http(server.port());

        assertThat(server.registry().gc(Duration.ofHours(1)).uploadsPurged()).isEqualTo(2);

        assertThat(http.get(abandoned).statusCode()).isEqualTo(404);
        assertThat(legacy).doesNotExist();
        assertThat(dir.resolve("uploads"))
                .isDirectoryNotContaining(f -> f.getFileName().toString().startsWith(abandonedId));
        String digest = Digest.sha256("kept upload".getBytes(UTF_8)).toString();
        assertThat(http.send("PUT", kept + "?digest=" + digest, "upload".getBytes(UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.get("/v2/up/blobs/" + digest).body()).isEqualTo("kept upload".getBytes(UTF_8));
        assertThat(server.registry().gc(Duration.ofHours(1)).uploadsPurged()).isZero();
        assertThat(dir.resolve("uploads")).isDirectoryContaining(f -> f.equals(stray));
        Files.delete(stray);
        assertThat(dir.resolve("uploads")).isEmptyDirectory();
    }
}
