package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases through the API as GitHub's: a release of a new tag creates the tag at its commit, assets are uploaded as
 * raw bytes to the {@code upload_url} and downloaded identical (API and browser URL), drafts are the writers', and
 * deleting removes the files.
 */
class ReleasesApiIT {
    private static final String RELEASES = "/api/v3/repos/alice/tool/releases";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private TestServer server;
    private String alice;
    private String bob;
    private String firstSha;
    private String secondSha;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = Http.token(server.userWithToken("alice"));
        bob = Http.token(server.userWithToken("bob"));
        var work = dir.resolve("work");
        server.pushNewRepository("alice", alice.substring(6), "tool", work, "README.md", "# Tool\n");
        var git = new GitCli(dir.resolve("home"));
        firstSha = git.run(work, "rev-parse", "HEAD").ok().out().strip();
        git.run(work, "-c", "user.name=a", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", "2")
                .ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/tool", Optional.of(alice.substring(6))), "main")
                .ok();
        secondSha = git.run(work, "rev-parse", "HEAD").ok().out().strip();
        var added = server.http.put("/api/v3/repos/alice/tool/collaborators/bob", "{\"permission\":\"pull\"}", alice);
        assertThat(added.status()).as(added.body()).isIn(201, 204);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aReleaseOfANewTagCreatesTheTagAndServesItsAssetsByteForByte() throws Exception {
        var created = server.http.post(
                RELEASES,
                "{\"tag_name\":\"v1.0.0\",\"target_commitish\":\"" + firstSha
                        + "\",\"name\":\"One\",\"body\":\"First **release**\"}",
                alice);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var release = created.json();
        long id = release.get("id").asLong();
        assertThat(release.get("tag_name").asText()).isEqualTo("v1.0.0");
        assertThat(release.get("draft").asBoolean()).isFalse();
        assertThat(release.get("author").get("login").asText()).isEqualTo("alice");
        assertThat(release.get("published_at").asText()).isNotEmpty();
        assertThat(release.get("upload_url").asText()).endsWith(RELEASES + "/" + id + "/assets{?name,label}");
        assertThat(created.header("Location")).contains(release.get("url").asText());

        // the tag exists in git at the commit asked for
        var tags = new GitCli(dir.resolve("home"))
                .run(dir, "ls-remote", "--tags", server.cloneUrl("alice/tool", Optional.empty()))
                .ok()
                .out();
        assertThat(tags).contains(firstSha + "\trefs/tags/v1.0.0");

        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        var uploadUrl = release.get("upload_url").asText().replace("{?name,label}", "");
        var tarball = upload(uploadUrl + "?name=tool-linux.tar.gz&label=Linux%20build", binary, "application/gzip");
        assertThat(tarball.statusCode()).as(tarball.body()).isEqualTo(201);
        var tarballJson = Http.JSON.readTree(tarball.body());
        assertThat(tarballJson.get("name").asText()).isEqualTo("tool-linux.tar.gz");
        assertThat(tarballJson.get("label").asText()).isEqualTo("Linux build");
        assertThat(tarballJson.get("size").asLong()).isEqualTo(binary.length);
        assertThat(tarballJson.get("content_type").asText()).isEqualTo("application/gzip");
        assertThat(tarballJson.get("state").asText()).isEqualTo("uploaded");
        assertThat(tarballJson.get("digest").asText()).isEqualTo("sha256:" + sha256(binary));
        assertThat(tarballJson.get("uploader").get("login").asText()).isEqualTo("alice");
        var sums = upload(uploadUrl + "?name=SHA256SUMS", "abc  tool\n".getBytes(), "text/plain");
        assertThat(sums.statusCode()).as(sums.body()).isEqualTo(201);
        var duplicate = upload(uploadUrl + "?name=SHA256SUMS", new byte[] {1}, "text/plain");
        assertThat(duplicate.statusCode()).isEqualTo(422);
        assertThat(duplicate.body()).contains("already_exists", "SHA256SUMS");
        assertThat(upload(uploadUrl, new byte[] {1}, "text/plain").body()).contains("'name'");
        assertThat(upload(uploadUrl + "?name=x", new byte[] {1}, "text/plain", bob)
                        .statusCode())
                .isEqualTo(403);

        var assets = server.http.get(RELEASES + "/" + id + "/assets", alice).json();
        assertThat(names(assets)).containsExactly("tool-linux.tar.gz", "SHA256SUMS");

        // the API downloads the bytes with Accept: application/octet-stream, and describes the asset without
        var assetUrl = tarballJson.get("url").asText();
        var bytes = download(assetUrl, "application/octet-stream", Optional.of(alice));
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(binary);
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/gzip");
        var described = download(assetUrl, "application/json", Optional.of(alice));
        assertThat(new String(described.body())).contains("\"download_count\":1");

        // anyone downloads from a public repository's browser URL, and the count goes up
        var browserUrl = tarballJson.get("browser_download_url").asText();
        assertThat(browserUrl).endsWith("/alice/tool/releases/download/v1.0.0/tool-linux.tar.gz");
        var anonymous = download(browserUrl, "*/*", Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(sha256(anonymous.body())).isEqualTo(sha256(binary));
        assertThat(server.http
                        .get(RELEASES + "/assets/" + tarballJson.get("id").asLong(), Optional.empty())
                        .json()
                        .get("download_count")
                        .asLong())
                .isEqualTo(2);
        assertThat(download(browserUrl.replace("tool-linux", "nope"), "*/*", Optional.empty())
                        .statusCode())
                .isEqualTo(404);

        // a second release on the default branch; the latest is the newest full release, a tag finds its release
        var second = server.http.post(RELEASES, "{\"tag_name\":\"v1.1.0\"}", alice);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("target_commitish").asText()).isEqualTo("main");
        var prerelease = server.http.post(RELEASES, "{\"tag_name\":\"v2.0.0-rc1\",\"prerelease\":true}", alice);
        assertThat(prerelease.status()).isEqualTo(201);
        assertThat(server.http
                        .get(RELEASES + "/latest", bob)
                        .json()
                        .get("tag_name")
                        .asText())
                .isEqualTo("v1.1.0");
        assertThat(field(server.http.get(RELEASES, Optional.empty()).json(), "tag_name"))
                .containsExactly("v2.0.0-rc1", "v1.1.0", "v1.0.0");
        var byTag = server.http.get(RELEASES + "/tags/v1.0.0", Optional.empty()).json();
        assertThat(byTag.get("id").asLong()).isEqualTo(id);
        assertThat(names(byTag.get("assets"))).containsExactly("tool-linux.tar.gz", "SHA256SUMS");
        assertThat(server.http.get(RELEASES + "/tags/v9", Optional.empty()).status())
                .isEqualTo(404);
        assertThat(new GitCli(dir.resolve("home"))
                        .run(dir, "ls-remote", "--tags", server.cloneUrl("alice/tool", Optional.empty()))
                        .ok()
                        .out())
                .contains(secondSha + "\trefs/tags/v1.1.0");

        // editing
        var edited = server.http.patch(RELEASES + "/" + id, "{\"name\":\"One (LTS)\",\"prerelease\":false}", alice);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("name").asText()).isEqualTo("One (LTS)");
        assertThat(edited.json().get("body").asText()).isEqualTo("First **release**");
        assertThat(server.http
                        .patch(RELEASES + "/" + id, "{\"name\":\"x\"}", bob)
                        .status())
                .isEqualTo(403);
        var renamed = server.http.patch(
                RELEASES + "/assets/" + tarballJson.get("id").asLong(), "{\"name\":\"tool.tgz\"}", alice);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("label").asText()).isEqualTo("Linux build");
        assertThat(renamed.json().get("browser_download_url").asText()).endsWith("/v1.0.0/tool.tgz");

        // deleting an asset, then the release, removes their files; the tag stays, as on GitHub
        var files = dir.resolve("data/releases");
        assertThat(countFiles(files)).isEqualTo(2);
        var sumsId = Http.JSON.readTree(sums.body()).get("id").asLong();
        assertThat(server.http.delete(RELEASES + "/assets/" + sumsId, bob).status())
                .isEqualTo(403);
        assertThat(server.http.delete(RELEASES + "/assets/" + sumsId, alice).status())
                .isEqualTo(204);
        assertThat(countFiles(files)).isEqualTo(1);
        assertThat(server.http.delete(RELEASES + "/" + id, alice).status()).isEqualTo(204);
        assertThat(countFiles(files)).isZero();
        assertThat(server.http.get(RELEASES + "/" + id, alice).status()).isEqualTo(404);
        assertThat(download(assetUrl, "application/octet-stream", Optional.of(alice))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aTagHasOneReleaseAndMistakesAreNamed() {
        assertThat(server.http.post(RELEASES, "{\"tag_name\":\"v1\"}", alice).status())
                .isEqualTo(201);
        var duplicate = server.http.post(RELEASES, "{\"tag_name\":\"v1\"}", alice);
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.json().get("message").asText()).contains("tag_name", "v1");
        assertThat(duplicate.json().get("errors").get(0).get("code").asText()).isEqualTo("already_exists");

        var noCommit = server.http.post(RELEASES, "{\"tag_name\":\"v2\",\"target_commitish\":\"nope\"}", alice);
        assertThat(noCommit.status()).isEqualTo(422);
        assertThat(noCommit.json().get("message").asText()).contains("target_commitish", "nope");
        assertThat(server.http.post(RELEASES, "{}", alice).json().get("message").asText())
                .contains("'tag_name' is required");
        assertThat(server.http
                        .post(RELEASES, "{\"tag_name\":\"a b\"}", alice)
                        .json()
                        .get("message")
                        .asText())
                .contains("tag_name");
        var longBody =
                server.http.post(RELEASES, "{\"tag_name\":\"v3\",\"body\":\"" + "x".repeat(125_001) + "\"}", alice);
        assertThat(longBody.status()).isEqualTo(422);
        assertThat(longBody.json().get("message").asText()).contains("'body'", "125000");
        assertThat(server.http.post(RELEASES, "{\"tag_name\":\"v4\"}", bob).status())
                .isEqualTo(403);
        assertThat(server.http
                        .post(RELEASES, "{\"tag_name\":\"v4\"}", Optional.empty())
                        .status())
                .isEqualTo(401);
        assertThat(server.http.get(RELEASES, alice).json()).hasSize(1);
    }

    @Test
    void draftsAreSeenByWritersOnlyAndTheirTagIsMadeWhenPublished() throws Exception {
        var draft = server.http.post(RELEASES, "{\"tag_name\":\"v5\",\"draft\":true}", alice);
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        long id = draft.json().get("id").asLong();
        assertThat(draft.json().get("published_at").isNull()).isTrue();
        var upload = upload(
                server.server.url() + RELEASES + "/" + id + "/assets?name=notes.txt",
                "draft\n".getBytes(),
                "text/plain");
        assertThat(upload.statusCode()).isEqualTo(201);
        var assetId = Http.JSON.readTree(upload.body()).get("id").asLong();

        assertThat(server.http.get(RELEASES, alice).json()).hasSize(1);
        assertThat(server.http.get(RELEASES, bob).json()).isEmpty();
        assertThat(server.http.get(RELEASES, Optional.empty()).json()).isEmpty();
        assertThat(server.http.get(RELEASES + "/" + id, bob).status()).isEqualTo(404);
        assertThat(server.http.get(RELEASES + "/tags/v5", Optional.empty()).status())
                .isEqualTo(404);
        assertThat(server.http.get(RELEASES + "/assets/" + assetId, bob).status())
                .isEqualTo(404);
        assertThat(server.http.get(RELEASES + "/latest", alice).status()).isEqualTo(404);
        assertThat(download(server.server.url() + "/alice/tool/releases/download/v5/notes.txt", "*/*", Optional.empty())
                        .statusCode())
                .isEqualTo(404);
        assertThat(lsRemoteTags()).doesNotContain("v5");

        var published = server.http.patch(RELEASES + "/" + id, "{\"draft\":false}", alice);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().get("published_at").isNull()).isFalse();
        assertThat(lsRemoteTags()).contains(secondSha + "\trefs/tags/v5");
        assertThat(server.http.get(RELEASES, bob).json()).hasSize(1);
        assertThat(server.http.get(RELEASES + "/latest", bob).json().get("id").asLong())
                .isEqualTo(id);
    }

    @Test
    void aPrivateRepositorysAssetsNeedCredentials() throws Exception {
        server.pushNewPrivateRepository("alice", alice.substring(6), "secret", dir.resolve("secret"), "a", "b");
        var base = "/api/v3/repos/alice/secret/releases";
        var created = server.http.post(base, "{\"tag_name\":\"v1\"}", alice);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var upload = upload(
                server.server.url() + base + "/" + created.json().get("id").asLong() + "/assets?name=app.bin",
                new byte[] {0, 1, 2, (byte) 255},
                "application/octet-stream");
        assertThat(upload.statusCode()).isEqualTo(201);
        var browserUrl =
                Http.JSON.readTree(upload.body()).get("browser_download_url").asText();

        assertThat(download(browserUrl, "*/*", Optional.empty()).statusCode()).isEqualTo(404);
        assertThat(download(browserUrl, "*/*", Optional.of(bob)).statusCode()).isEqualTo(404);
        assertThat(server.http.get(base, Optional.empty()).status()).isEqualTo(404);
        var withToken = download(browserUrl, "*/*", Optional.of(alice));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).containsExactly(0, 1, 2, (byte) 255);
    }

    private String lsRemoteTags() {
        return new GitCli(dir.resolve("home"))
                .run(dir, "ls-remote", "--tags", server.cloneUrl("alice/tool", Optional.empty()))
                .ok()
                .out();
    }

    private HttpResponse<String> upload(String url, byte[] body, String type) throws Exception {
        return upload(url, body, type, alice);
    }

    private static HttpResponse<String> upload(String url, byte[] body, String type, String auth) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String url, String accept, Optional<String> auth) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
        auth.ifPresent(a -> request.header("Authorization", a));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> names(JsonNode array) {
        return field(array, "name");
    }

    private static List<String> field(JsonNode array, String name) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(name).asText()));
        return values;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long countFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
