package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source archives as GitHub serves them: a repository pushed with the real {@code git} (an executable script and
 * symlinks) is downloaded as the API's tarball and zipball and the web's {@code archive/...} addresses, unpacked by the
 * real {@code tar} and {@code unzip} with its modes; access follows the repository's read rights, for users, scoped
 * tokens and a job's {@code GITHUB_TOKEN} with and without {@code contents: read}.
 */
class SourceArchivesIT {
    private static final String API = "/api/v3/repos/alice/shop";
    private static final String PROBES = JobTokenApiIT.PROBE
            + JobTokenApiIT.probe("tarball", "GET", "/repos/alice/shop/tarball/v1.0")
            + JobTokenApiIT.probe("zipball", "GET", "/repos/alice/shop/zipball")
            + JobTokenApiIT.probe("contents", "GET", "/repos/alice/shop/contents/README.md");
    private static final String WORKFLOW = "on: workflow_dispatch\njobs:\n"
            + "  reader:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n" + PROBES
            + "  no-contents:\n    runs-on: ubuntu-latest\n    permissions: {actions: read}\n" + PROBES;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String alice;
    private static String tagged;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        var token = server.userWithToken("alice");
        alice = Http.token(token);
        var shop = TaggedShop.push(
                server,
                token,
                dir,
                (work, git) -> {
                    Files.writeString(work.resolve("README.md"), "# Shop\n");
                    Files.writeString(work.resolve("run.sh"), "#!/bin/sh\necho hi\n");
                    Files.setPosixFilePermissions(work.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
                    Files.createSymbolicLink(work.resolve("link"), Path.of("README.md"));
                    Files.createDirectories(work.resolve("docs"));
                    Files.writeString(work.resolve("docs/guide.md"), "guide\n");
                },
                ".github/workflows/probe.yml",
                WORKFLOW);
        tagged = shop.tagged();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTarballOfATagHoldsItsTreeUnderOwnerRepoShortShaWithModesAndLinks() throws Exception {
        var response = download(API + "/tarball/v1.0", Optional.of(alice), dir.resolve("shop.tar.gz"));

        assertThat(response.statusCode()).isEqualTo(200);
        var top = "alice-shop-" + tagged.substring(0, 7);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=" + top + ".tar.gz");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-gzip"));
        var listing = run(dir, "tar", "-tzvf", response.body().toString());
        assertThat(listing.lines()).allSatisfy(line -> assertThat(line).contains(" " + top + "/"));
        assertThat(listing).doesNotContain("later.txt");
        var out = Files.createDirectories(dir.resolve("untar"));
        run(out, "tar", "-xzf", response.body().toString());
        assertUnpacked(out.resolve(top));
    }

    @Test
    void theZipballOfTheDefaultBranchKeepsModesAndLinksForUnzip() throws Exception {
        var response = download(API + "/zipball", Optional.of(alice), dir.resolve("shop.zip"));

        assertThat(response.statusCode()).isEqualTo(200);
        var head =
                server.http.get(API + "/commits/main", alice).json().get("sha").asText();
        var top = "alice-shop-" + head.substring(0, 7);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=" + top + ".zip");
        var out = Files.createDirectories(dir.resolve("unzip"));
        run(out, "unzip", "-q", response.body().toString());
        assertUnpacked(out.resolve(top));
        assertThat(out.resolve(top).resolve("later.txt")).hasContent("later");
    }

    @Test
    void theWebAddressesNameTheArchiveAfterTheRepositoryAndTheTag() throws Exception {
        var tar = download("/alice/shop/archive/refs/tags/v1.0.tar.gz", Optional.of(alice), dir.resolve("web.tgz"));
        var zip = download("/alice/shop/archive/main.zip", Optional.of(alice), dir.resolve("web.zip"));

        assertThat(tar.statusCode()).isEqualTo(200);
        assertThat(tar.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=shop-1.0.tar.gz");
        assertThat(run(dir, "tar", "-tzf", tar.body().toString()).lines()).allMatch(n -> n.startsWith("shop-1.0/"));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(run(dir, "unzip", "-Z1", zip.body().toString()).lines()).allMatch(n -> n.startsWith("shop-main/"));
        // a private repository's archive is not found for anyone who may not read it; an unknown ref is named
        var anonymous = download("/alice/shop/archive/main.zip", Optional.empty(), dir.resolve("anonymous.zip"));
        assertThat(anonymous.statusCode()).isEqualTo(404);
        var unknown = download("/alice/shop/archive/nope.zip", Optional.of(alice), dir.resolve("nope.zip"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Files.readString(unknown.body())).contains("No commit found for the ref nope");
    }

    @Test
    void readRightsDecideWhoGetsTheArchive() throws Exception {
        var bob = Http.token(server.userWithToken("bob"));
        var carol = Http.token(server.userWithToken("carol"));
        var added = server.http.put(API + "/collaborators/bob", "{\"permission\":\"pull\"}", alice);
        assertThat(added.status()).as(added.body()).isIn(201, 204);
        var packagesOnly = server.http
                .post("/api/v3/user/tokens", "{\"name\":\"pkgs\",\"scopes\":[\"read:packages\"]}", alice)
                .json()
                .get("token")
                .asText();

        assertThat(status(API + "/tarball/v1.0", Optional.empty())).isEqualTo(404);
        assertThat(status(API + "/zipball/v1.0", Optional.of(carol))).isEqualTo(404);
        assertThat(status(API + "/tarball/v1.0", Optional.of(bob))).isEqualTo(200);
        assertThat(status(API + "/zipball/v1.0", Optional.of(Http.token(packagesOnly))))
                .isEqualTo(404);
        var unknown = server.http.get(API + "/tarball/no-such-tag", alice);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).isEqualTo("No commit found for the ref no-such-tag");
    }

    @Test
    void aJobsTokenNeedsContentsRead() {
        var run = server.dispatchAndAwait("alice/shop", "probe.yml", alice);
        var logs = server.jobLogs("alice/shop", alice, run.get("id").asLong());

        assertThat(logs.get("reader")).contains("probe tarball: 200", "probe zipball: 200", "probe contents: 200");
        assertThat(logs.get("no-contents"))
                .contains("probe tarball: 403 {\"message\":\"The job's GITHUB_TOKEN lacks contents: read")
                .contains("probe zipball: 403", "probe contents: 403");
    }

    @Test
    void aReleaseLinksItsTagsArchives() throws Exception {
        var created = server.http.post(API + "/releases", "{\"tag_name\":\"v1.0\"}", alice);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var release = created.json();

        var tarball = release.get("tarball_url").asText();
        assertThat(tarball).isEqualTo(server.server.url() + API + "/tarball/v1.0");
        assertThat(release.get("zipball_url").asText()).isEqualTo(server.server.url() + API + "/zipball/v1.0");
        var response = download(tarball.substring(server.server.url().length()), Optional.of(alice), dir.resolve("r"));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** The script is executable, the link a link to the README, the files as committed. */
    private static void assertUnpacked(Path top) throws IOException {
        assertThat(top.resolve("README.md")).hasContent("# Shop");
        assertThat(top.resolve("docs/guide.md")).hasContent("guide");
        assertThat(Files.getPosixFilePermissions(top.resolve("run.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(top.resolve("README.md")))
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        assertThat(top.resolve("link")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(top.resolve("link"))).isEqualTo(Path.of("README.md"));
    }

    private static int status(String path, Optional<String> auth) throws Exception {
        return download(path, auth, dir.resolve("probe")).statusCode();
    }

    private static HttpResponse<Path> download(String path, Optional<String> auth, Path target) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.server.url() + path));
        auth.ifPresent(a -> request.header("Authorization", a));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofFile(target));
    }

    /** Runs a program in {@code dir}; its output, or an assertion failure with it when it fails. */
    private static String run(Path dir, String... command) throws Exception {
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
