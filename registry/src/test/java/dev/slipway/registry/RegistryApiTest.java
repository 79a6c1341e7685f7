package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryApiTest {
    @TempDir
    Path dir;

    private RegistryServer server;
    private Http http;
    private final List<ManifestEvent> pushed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        Registry registry = Registry.builder(dir)
                .listener(new RegistryListener() {
                    @Override
                    public void manifestPushed(ManifestEvent event) {
                        pushed.add(event);
                    }
                })
                .tagPolicy(TagPolicy.immutableMatching(Pattern.compile("v.*")))
                .maxManifestBytes(64 * 1024)
                .maxBlobBytes(1 << 20)
                .build();
        server = RegistryServer.start(registry, 0);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void baseAnswersWithApiVersion() {
        HttpResponse<byte[]> r = http.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.header(r, "Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }

    @Test
    void monolithicUploadThenRangedDownload() {
        byte[] blob = "0123456789abcdef".getBytes(UTF_8);
        String digest = http.pushBlob("team/app", blob);
        HttpResponse<byte[]> head = http.send("HEAD", "/v2/team/app/blobs/" + digest, new byte[0]);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(Http.header(head, "Content-Length")).isEqualTo("16");
        assertThat(Http.header(head, "Docker-Content-Digest")).isEqualTo(digest);
        HttpResponse<byte[]> range = http.get("/v2/team/app/blobs/" + digest, "Range", "bytes=10-");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(Http.text(range)).isEqualTo("abcdef");
        assertThat(Http.header(range, "Content-Range")).isEqualTo("bytes 10-15/16");
        assertThat(http.get("/v2/team/app/blobs/" + digest, "Range", "bytes=99-")
                        .statusCode())
                .isEqualTo(416);
        // the blob is linked to team/app only
        assertThat(http.get("/v2/other/blobs/" + digest).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongDigestIsRejectedAndNothingStored() {
        String claimed = Digest.sha256("something else".getBytes(UTF_8)).toString();
        HttpResponse<byte[]> r =
                http.send("POST", "/v2/app/blobs/uploads/?digest=" + claimed, "content".getBytes(UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.text(r)).contains("\"code\":\"DIGEST_INVALID\"");
        assertThat(http.send("HEAD", "/v2/app/blobs/" + claimed, new byte[0]).statusCode())
                .isEqualTo(404);
    }

    @Test
    void chunkedUploadWithContentRangeAndStatus() {
        HttpResponse<byte[]> start = http.send("POST", "/v2/app/blobs/uploads/", new byte[0]);
        assertThat(start.statusCode()).isEqualTo(202);
        String location = Http.header(start, "Location");
        assertThat(Http.header(start, "Docker-Upload-UUID")).isNotEmpty();
        assertThat(Http.header(start, "Range")).isEqualTo("0-0");
        HttpResponse<byte[]> first = http.send("PATCH", location, "hello ".getBytes(UTF_8), "Content-Range", "0-5");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(Http.header(first, "Range")).isEqualTo("0-5");
        HttpResponse<byte[]> outOfOrder = http.send("PATCH", location, "xx".getBytes(UTF_8), "Content-Range", "2-3");
        assertThat(outOfOrder.statusCode()).isEqualTo(416);
        // more digits than a long holds: a bad range (it was a 500, NumberFormatException), the upload unharmed
        HttpResponse<byte[]> huge =
                http.send("PATCH", location, "xx".getBytes(UTF_8), "Content-Range", "6-99999999999999999999");
        assertThat(huge.statusCode()).isEqualTo(416);
        assertThat(Http.text(huge)).contains("malformed Content-Range");
        HttpResponse<byte[]> streamed = http.send("PATCH", location, "world".getBytes(UTF_8));
        assertThat(Http.header(streamed, "Range")).isEqualTo("0-10");
        assertThat(Http.header(http.get(location), "Range")).isEqualTo("0-10");
        String digest = Digest.sha256("hello world!".getBytes(UTF_8)).toString();
        HttpResponse<byte[]> done = http.send("PUT", location + "?digest=" + digest, "!".getBytes(UTF_8));
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(Http.header(done, "Location")).isEqualTo("/v2/app/blobs/" + digest);
        assertThat(Http.text(http.get("/v2/app/blobs/" + digest))).isEqualTo("hello world!");
        assertThat(http.get(location).statusCode()).isEqualTo(404);
    }

    @Test
    void cancelledUploadIsGone() {
        String location = Http.header(http.send("POST", "/v2/app/blobs/uploads/", new byte[0]), "Location");
        assertThat(http.send("DELETE", location, new byte[0]).statusCode()).isEqualTo(204);
        assertThat(Http.text(http.get(location))).contains("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void mountsFromAnotherRepositoryOrFallsBackToAnUpload() {
        String digest = http.pushBlob("source", "shared layer".getBytes(UTF_8));
        HttpResponse<byte[]> mounted =
                http.send("POST", "/v2/target/blobs/uploads/?mount=" + digest + "&from=source", new byte[0]);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(Http.header(mounted, "Docker-Content-Digest")).isEqualTo(digest);
        assertThat(http.get("/v2/target/blobs/" + digest).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> fallback =
                http.send("POST", "/v2/target/blobs/uploads/?mount=" + digest + "&from=nowhere", new byte[0]);
        assertThat(fallback.statusCode()).isEqualTo(202);
        assertThat(Http.header(fallback, "Location")).startsWith("/v2/target/blobs/uploads/");
    }

    @Test
    void manifestRoundTripKeepsExactBytesAndNotifies() {
        byte[] manifest = http.imageManifest("app", "layer", ",\"annotations\":{\"k\":\"v\"}");
        HttpResponse<byte[]> put = http.putManifest("app", "latest", manifest, MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
        String digest = Digest.sha256(manifest).toString();
        assertThat(Http.header(put, "Docker-Content-Digest")).isEqualTo(digest);
        for (String ref : List.of("latest", digest)) {
            HttpResponse<byte[]> get = http.get("/v2/app/manifests/" + ref, "Accept", MediaTypes.OCI_MANIFEST);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(Http.header(get, "Content-Type")).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(Http.header(get, "Docker-Content-Digest")).isEqualTo(digest);
        }
        assertThat(http.get("/v2/app/manifests/latest", "Accept", MediaTypes.DOCKER_MANIFEST)
                        .statusCode())
                .isEqualTo(404);
        assertThat(pushed).singleElement().satisfies(e -> {
            assertThat(e.digest()).isEqualTo(digest);
            assertThat(e.reference()).isEqualTo("latest");
            assertThat(e.revision()).contains("cafe42");
            assertThat(e.annotations()).containsEntry("k", "v");
            assertThat(e.platforms()).containsExactly("linux/amd64");
            assertThat(e.imageSize()).isEqualTo(manifest.length + configAndLayerBytes(manifest));
            assertThat(e.pusher()).isEmpty();
        });
    }

    @Test
    void manifestsReferencingUnknownBlobsOrMalformedAreRejected() {
        byte[] dangling = ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                        + "\",\"digest\":\"sha256:" + "1".repeat(64) + "\",\"size\":2},\"layers\":[]}")
                .getBytes(UTF_8);
        HttpResponse<byte[]> unknown = http.putManifest("app", "x", dangling, MediaTypes.OCI_MANIFEST);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.text(unknown)).contains("MANIFEST_BLOB_UNKNOWN");
        assertThat(Http.text(http.putManifest("app", "x", "{not json".getBytes(UTF_8), MediaTypes.OCI_MANIFEST)))
                .contains("MANIFEST_INVALID");
        byte[] mismatched = http.imageManifest("app", "l", "");
        assertThat(Http.text(http.putManifest("app", "x", mismatched, MediaTypes.DOCKER_MANIFEST)))
                .contains("MANIFEST_INVALID");
        assertThat(http.putManifest("app", "big", new byte[65 * 1024], MediaTypes.OCI_MANIFEST)
                        .statusCode())
                .isEqualTo(413);
        assertThat(http.get("/v2/app/manifests/x").statusCode()).isEqualTo(404);
    }

    @Test
    void immutableTagsCannotMove() {
        byte[] one = http.imageManifest("app", "one", "");
        byte[] two = http.imageManifest("app", "two", "");
        assertThat(http.putManifest("app", "v1", one, MediaTypes.OCI_MANIFEST).statusCode())
                .isEqualTo(201);
        assertThat(http.putManifest("app", "v1", one, MediaTypes.OCI_MANIFEST).statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> moved = http.putManifest("app", "v1", two, MediaTypes.OCI_MANIFEST);
        assertThat(moved.statusCode()).isEqualTo(403);
        assertThat(Http.text(moved))
                .isEqualTo("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"tag v1 in app is immutable (it matches"
                        + " v.*); it already points to " + Digest.sha256(one) + ", push a new tag instead\"}]}");
        assertThat(http.send("DELETE", "/v2/app/manifests/v1", new byte[0]).statusCode())
                .isEqualTo(403);
        assertThat(http.putManifest("app", "latest", one, MediaTypes.OCI_MANIFEST)
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.putManifest("app", "latest", two, MediaTypes.OCI_MANIFEST)
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void tagsAndCatalogPaginateWithLinkHeaders() {
        byte[] m = http.imageManifest("pages/app", "l", "");
        for (String tag : List.of("a", "b", "c")) {
            assertThat(http.putManifest("pages/app", tag, m, MediaTypes.OCI_MANIFEST)
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<byte[]> first = http.get("/v2/pages/app/tags/list?n=2");
        assertThat(Http.text(first)).isEqualTo("{\"name\":\"pages/app\",\"tags\":[\"a\",\"b\"]}");
        assertThat(Http.header(first, "Link")).isEqualTo("</v2/pages/app/tags/list?n=2&last=b>; rel=\"next\"");
        assertThat(Http.text(http.get("/v2/pages/app/tags/list?n=2&last=b"))).contains("[\"c\"]");
        http.putManifest("pages/other", "x", http.imageManifest("pages/other", "l", ""), MediaTypes.OCI_MANIFEST);
        HttpResponse<byte[]> catalog = http.get("/v2/_catalog?n=1");
        assertThat(Http.text(catalog)).isEqualTo("{\"repositories\":[\"pages/app\"]}");
        assertThat(Http.header(catalog, "Link")).contains("last=pages%2Fapp");
        assertThat(http.get("/v2/nothing/tags/list").statusCode()).isEqualTo(404);
    }

    @Test
    void referrersListsManifestsWithSubjectAndFilters() {
        byte[] image = http.imageManifest("app", "img", "");
        http.putManifest("app", "latest", image, MediaTypes.OCI_MANIFEST);
        String subject = Digest.sha256(image).toString();
        String subjectField = ",\"artifactType\":\"application/vnd.example.sbom\",\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":" + image.length + "}";
        byte[] sbom = http.imageManifest("app", "sbom", subjectField);
        HttpResponse<byte[]> put =
                http.putManifest("app", Digest.sha256(sbom).toString(), sbom, MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(Http.header(put, "OCI-Subject")).isEqualTo(subject);
        HttpResponse<byte[]> all = http.get("/v2/app/referrers/" + subject);
        assertThat(Http.header(all, "Content-Type")).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(Http.text(all)).contains(Digest.sha256(sbom).toString()).contains("application/vnd.example.sbom");
        HttpResponse<byte[]> filtered = http.get("/v2/app/referrers/" + subject + "?artifactType=other/type");
        assertThat(Http.header(filtered, "OCI-Filters-Applied")).isEqualTo("artifactType");
        assertThat(Http.text(filtered)).contains("\"manifests\":[]");
        assertThat(http.send("DELETE", "/v2/app/manifests/" + Digest.sha256(sbom), new byte[0])
                        .statusCode())
                .isEqualTo(202);
        assertThat(Http.text(http.get("/v2/app/referrers/" + subject))).contains("\"manifests\":[]");
    }

    @Test
    void invalidNamesAndOversizedBlobsAreRejected() {
        assertThat(Http.text(http.get("/v2/Bad_Name/tags/list"))).contains("NAME_INVALID");
        assertThat(http.get("/v2/a/%2e%2e/b/tags/list").statusCode()).isBetween(400, 404);
        byte[] big = new byte[(1 << 20) + 1];
        HttpResponse<byte[]> r = http.send("POST", "/v2/app/blobs/uploads/?digest=" + Digest.sha256(big), big);
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void indexRequiresItsChildren() {
        byte[] image = http.imageManifest("app", "child", "");
        String child = Digest.sha256(image).toString();
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":"
                        + image.length + "}]}")
                .getBytes(UTF_8);
        assertThat(Http.text(http.putManifest("app", "multi", index, MediaTypes.OCI_INDEX)))
                .contains("MANIFEST_BLOB_UNKNOWN");
        http.putManifest("app", child, image, MediaTypes.OCI_MANIFEST);
        assertThat(http.putManifest("app", "multi", index, MediaTypes.OCI_INDEX).statusCode())
                .isEqualTo(201);
    }

    /** The sizes a manifest's descriptors declare, summed. */
    private static long configAndLayerBytes(byte[] manifest) {
        var sizes = java.util.regex.Pattern.compile("\"size\":(\\d+)").matcher(new String(manifest, UTF_8));
        long sum = 0;
        while (sizes.find()) {
            sum += Long.parseLong(sizes.group(1));
        }
        return sum;
    }
}
