package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contents API in GitHub's shapes, on a private repository pushed with the real {@code git}: a file in base64
 * (none above 1 MiB), its raw bytes, a directory's entries (files, directories, symlinks, a submodule), symlinks
 * followed to a file of the repository or described, the README, refs, and what anyone without read access sees.
 */
class ContentsApiIT {
    private static final String API = "/api/v3/repos/alice/shop";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String alice;
    private static TaggedShop shop;
    private static byte[] big;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        var token = server.userWithToken("alice");
        alice = Http.token(token);
        big = new byte[1024 * 1024 + 10];
        new Random(7).nextBytes(big);
        shop = TaggedShop.push(
                server,
                token,
                dir,
                (work, git) -> {
                    Files.write(work.resolve("big.bin"), big);
                    Files.createDirectories(work.resolve("docs"));
                    Files.writeString(work.resolve("docs/guide.md"), "guide\n");
                    Files.writeString(work.resolve("docs/readme.txt"), "Docs\n");
                    Files.createSymbolicLink(work.resolve("docs/up"), Path.of("../README.md"));
                    Files.createSymbolicLink(work.resolve("away"), Path.of("../outside"));
                    // a submodule: a gitlink and its .gitmodules, unpopulated (an empty directory, which git add keeps)
                    Files.createDirectories(work.resolve("vendor/lib"));
                    Files.writeString(
                            work.resolve(".gitmodules"),
                            "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n");
                    git.run(work, "update-index", "--add", "--cacheinfo", "160000," + "1".repeat(40) + ",vendor/lib")
                            .ok();
                },
                "README.md",
                "# Shop\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFileComesInBase64WithItsBlobIdAndLinks() throws Exception {
        var file = get("/contents/docs/guide.md?ref=v1.0");

        var base = server.server.url();
        assertThat(file.get("type").asText()).isEqualTo("file");
        assertThat(file.get("encoding").asText()).isEqualTo("base64");
        assertThat(decode(file)).isEqualTo("guide\n");
        assertThat(file.get("sha").asText()).isEqualTo(blob("v1.0:docs/guide.md"));
        assertThat(file.get("size").asLong()).isEqualTo(6);
        assertThat(file.get("name").asText()).isEqualTo("guide.md");
        assertThat(file.get("path").asText()).isEqualTo("docs/guide.md");
        assertThat(file.get("url").asText()).isEqualTo(base + API + "/contents/docs/guide.md?ref=v1.0");
        assertThat(file.get("html_url").asText()).isEqualTo(base + "/alice/shop/blob/v1.0/docs/guide.md");
        assertThat(file.get("git_url").asText()).isEqualTo(base + API + "/git/blobs/" + blob("v1.0:docs/guide.md"));
        assertThat(file.get("_links").get("self").asText())
                .isEqualTo(file.get("url").asText());
        // the download URL serves the bytes to the same credentials
        var download = file.get("download_url").asText();
        assertThat(download).isEqualTo(base + "/alice/shop/raw/v1.0/docs/guide.md");
        assertThat(fetch(download.substring(base.length()), Optional.of(alice), "*/*")
                        .body())
                .isEqualTo("guide\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLargeFileHasNoInlineContentButItsRawBytes() throws Exception {
        var file = get("/contents/big.bin");

        assertThat(file.get("encoding").asText()).isEqualTo("none");
        assertThat(file.get("content").asText()).isEmpty();
        assertThat(file.get("size").asLong()).isEqualTo(big.length);
        var raw = fetch(API + "/contents/big.bin", Optional.of(alice), "application/vnd.github.raw+json");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(big);
    }

    @Test
    void aDirectoryListsItsEntriesByType() throws Exception {
        var root = get("/contents?ref=v1.0");

        Map<String, String> types = new HashMap<>();
        root.forEach(e -> types.put(e.get("path").asText(), e.get("type").asText()));
        assertThat(types)
                .containsEntry("README.md", "file")
                .containsEntry("docs", "dir")
                .containsEntry("away", "symlink")
                .containsEntry("vendor", "dir")
                .doesNotContainKey("later.txt");
        var vendor = get("/contents/vendor");
        assertThat(vendor.get(0).get("type").asText()).isEqualTo("submodule");
        assertThat(vendor.get(0).get("download_url").isNull()).isTrue();
        var docs = get("/contents/docs");
        assertThat(docs.findValuesAsText("name")).containsExactly("guide.md", "readme.txt", "up");
        var dirEntry = root.findParents("path").stream()
                .filter(e -> e.get("path").asText().equals("docs"))
                .findFirst()
                .orElseThrow();
        assertThat(dirEntry.get("git_url").asText()).endsWith("/git/trees/" + blob("v1.0:docs"));
        assertThat(dirEntry.get("download_url").isNull()).isTrue();
        // the object form wraps the listing
        var object = fetch(API + "/contents/docs", Optional.of(alice), "application/vnd.github.object");
        var wrapped = Http.JSON.readTree(object.body());
        assertThat(wrapped.get("type").asText()).isEqualTo("dir");
        assertThat(wrapped.get("entries")).hasSize(3);
    }

    @Test
    void symlinksAndSubmodulesAnswerAsOnGitHub() throws Exception {
        // a link to a file of the repository answers with that file
        var up = get("/contents/docs/up");
        assertThat(up.get("type").asText()).isEqualTo("file");
        assertThat(up.get("path").asText()).isEqualTo("README.md");
        assertThat(decode(up)).isEqualTo("# Shop\n");
        // one leading out of it is described
        var away = get("/contents/away");
        assertThat(away.get("type").asText()).isEqualTo("symlink");
        assertThat(away.get("target").asText()).isEqualTo("../outside");
        var lib = get("/contents/vendor/lib");
        assertThat(lib.get("type").asText()).isEqualTo("submodule");
        assertThat(lib.get("submodule_git_url").asText()).isEqualTo("https://example.com/lib.git");
        assertThat(lib.get("sha").asText()).isEqualTo("1".repeat(40));
    }

    @Test
    void theReadmeAndTheRefs() throws Exception {
        var readme = get("/readme");
        assertThat(readme.get("path").asText()).isEqualTo("README.md");
        assertThat(decode(readme)).isEqualTo("# Shop\n");
        assertThat(new String(
                        fetch(API + "/readme", Optional.of(alice), "application/vnd.github.raw")
                                .body(),
                        StandardCharsets.UTF_8))
                .isEqualTo("# Shop\n");
        var docs = get("/readme/docs?ref=v1.0");
        assertThat(docs.get("path").asText()).isEqualTo("docs/readme.txt");
        assertThat(decode(docs)).isEqualTo("Docs\n");
        assertThat(server.http.get(API + "/readme/vendor", alice).status()).isEqualTo(404);

        assertThat(decode(get("/contents/later.txt"))).isEqualTo("later\n");
        var absent = server.http.get(API + "/contents/later.txt?ref=v1.0", alice);
        assertThat(absent.status()).isEqualTo(404);
        var unknown = server.http.get(API + "/contents/README.md?ref=nope", alice);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).isEqualTo("No commit found for the ref nope");
    }

    @Test
    void theGitUrlsLeadToTheBlobAndTheTree() throws Exception {
        var base = server.server.url();
        var file = get("/contents/docs/guide.md?ref=v1.0");
        var blob = server.http.get(file.get("git_url").asText().substring(base.length()), alice);
        assertThat(blob.status()).isEqualTo(200);
        assertThat(decode(blob.json())).isEqualTo("guide\n");
        assertThat(blob.json().get("encoding").asText()).isEqualTo("base64");
        assertThat(blob.json().get("size").asLong()).isEqualTo(6);

        var tree = server.http.get(API + "/git/trees/v1.0?recursive=1", alice).json();
        assertThat(tree.get("sha").asText()).isEqualTo(blob("v1.0^{tree}"));
        assertThat(tree.get("truncated").asBoolean()).isFalse();
        Map<String, String> modes = new HashMap<>();
        tree.get("tree").forEach(e -> modes.put(e.get("path").asText(), e.get("type") + " " + e.get("mode")));
        assertThat(modes)
                .containsEntry("docs", "\"tree\" \"040000\"")
                .containsEntry("docs/guide.md", "\"blob\" \"100644\"")
                .containsEntry("docs/up", "\"blob\" \"120000\"")
                .containsEntry("vendor/lib", "\"commit\" \"160000\"");
        var docs =
                server.http.get(API + "/git/trees/" + blob("v1.0:docs"), alice).json();
        assertThat(docs.get("tree").findValuesAsText("path")).containsExactlyInAnyOrder("guide.md", "readme.txt", "up");
        assertThat(server.http.get(API + "/git/blobs/" + "0".repeat(40), alice).status())
                .isEqualTo(404);
    }

    @Test
    void anArchiveHoldsASubmoduleAsAnEmptyDirectory() throws Exception {
        var tar = listing("/tarball/v1.0", "tar", "-tzvf");
        var zip = listing("/zipball/v1.0", "unzip", "-Z1");

        // as GitHub's: the submodule's commit lives elsewhere, its path is there, empty
        assertThat(tar.lines().filter(l -> l.contains("vendor/lib")))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("d").endsWith("/vendor/lib/"));
        assertThat(zip.lines().filter(n -> n.contains("vendor/lib")))
                .singleElement()
                .satisfies(name -> assertThat(name).endsWith("/vendor/lib/"));
    }

    /** Downloads an archive of the API and lists it with {@code lister} ({@code tar -tzvf}, {@code unzip -Z1}). */
    private static String listing(String path, String... lister) throws Exception {
        var file = dir.resolve("archive-" + lister[0]);
        var request = HttpRequest.newBuilder(URI.create(server.server.url() + API + path))
                .header("Authorization", alice)
                .build();
        assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofFile(file)).statusCode())
                .isEqualTo(200);
        var command = new java.util.ArrayList<>(java.util.List.of(lister));
        command.add(file.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void whoMayNotReadTheRepositoryFindsNothing() {
        var carol = Http.token(server.userWithToken("carol"));

        assertThat(server.http
                        .get(API + "/contents/README.md", Optional.empty())
                        .status())
                .isEqualTo(404);
        assertThat(server.http.get(API + "/readme", carol).status()).isEqualTo(404);
        assertThat(fetchStatus("/alice/shop/raw/main/README.md", Optional.of(carol)))
                .isEqualTo(404);
    }

    private static JsonNode get(String path) {
        var response = server.http.get(API + path, alice);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String decode(JsonNode file) {
        return new String(Base64.getMimeDecoder().decode(file.get("content").asText()), StandardCharsets.UTF_8);
    }

    private static String blob(String rev) {
        return shop.git().run(shop.work(), "rev-parse", rev).ok().out().strip();
    }

    private static HttpResponse<byte[]> fetch(String path, Optional<String> auth, String accept) throws Exception {
        var request =
                HttpRequest.newBuilder(URI.create(server.server.url() + path)).header("Accept", accept);
        auth.ifPresent(a -> request.header("Authorization", a));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int fetchStatus(String path, Optional<String> auth) {
        try {
            return fetch(path, auth, "*/*").statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
