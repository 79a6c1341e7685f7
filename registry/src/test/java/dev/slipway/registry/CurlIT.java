package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl as the client: chunked upload with Content-Range, mounts, rejected digests and manifests. */
class CurlIT {
    @TempDir
    Path tmp;

    private RegistryServer server;
    private String base;

    @BeforeEach
    void start() {
        assumeTrue(Tools.available("curl"), "curl is not installed");
        server = RegistryServer.start(tmp.resolve("registry"), 0);
        base = "http://" + server.hostPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** curl printing the status code and one response header after the body. */
    private String[] curl(String header, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(
                java.util.List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %header{" + header + "}"));
        command.addAll(java.util.List.of(args));
        Tools.Result r = Tools.run(command);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output().split(" ", 2);
    }

    @Test
    void chunkedUploadWithContentRange() throws Exception {
        byte[] content = "0123456789".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        Path first = Files.write(tmp.resolve("a"), java.util.Arrays.copyOfRange(content, 0, 600_000));
        Path second = Files.write(tmp.resolve("b"), java.util.Arrays.copyOfRange(content, 600_000, content.length));
        String location = curl("location", "-X", "POST", base + "/v2/curl/app/blobs/uploads/")[1].strip();
        String[] r1 = curl(
                "range",
                "-X",
                "PATCH",
                "-H",
                "Content-Type: application/octet-stream",
                "-H",
                "Content-Range: 0-599999",
                "--data-binary",
                "@" + first,
                base + location);
        assertThat(r1[0]).isEqualTo("202");
        assertThat(r1[1].strip()).isEqualTo("0-599999");
        String[] r2 = curl(
                "range",
                "-X",
                "PATCH",
                "-H",
                "Content-Type: application/octet-stream",
                "-H",
                "Content-Range: 600000-999999",
                "--data-binary",
                "@" + second,
                base + location);
        assertThat(r2[1].strip()).isEqualTo("0-999999");
        String digest = Digest.sha256(content).toString();
        String[] done = curl("docker-content-digest", "-X", "PUT", base + location + "?digest=" + digest);
        assertThat(done[0]).isEqualTo("201");
        assertThat(done[1].strip()).isEqualTo(digest);
        Path out = tmp.resolve("out");
        Tools.Result download = Tools.run("curl", "-sf", "-o", out.toString(), base + "/v2/curl/app/blobs/" + digest);
        assertThat(download.exit()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(content);

        String[] mounted = curl(
                "location", "-X", "POST", base + "/v2/curl/other/blobs/uploads/?mount=" + digest + "&from=curl/app");
        assertThat(mounted[0]).isEqualTo("201");
        assertThat(mounted[1].strip()).isEqualTo("/v2/curl/other/blobs/" + digest);
    }

    @Test
    void badDigestAndBadManifestAreRejected() throws Exception {
        Path file = Files.writeString(tmp.resolve("x"), "payload");
        String wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8)).toString();
        Tools.Result bad = Tools.run(
                "curl",
                "-s",
                "-X",
                "POST",
                "--data-binary",
                "@" + file,
                base + "/v2/curl/app/blobs/uploads/?digest=" + wrong);
        assertThat(bad.output()).contains("DIGEST_INVALID");
        Path manifest = Files.writeString(
                tmp.resolve("m"),
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + wrong
                        + "\",\"size\":5},\"layers\":[]}");
        Tools.Result unknown = Tools.run(
                "curl",
                "-s",
                "-X",
                "PUT",
                "-H",
                "Content-Type: " + MediaTypes.OCI_MANIFEST,
                "--data-binary",
                "@" + manifest,
                base + "/v2/curl/app/manifests/latest");
        assertThat(unknown.output()).contains("MANIFEST_BLOB_UNKNOWN");
        Tools.Result invalid = Tools.run(
                "curl",
                "-s",
                "-X",
                "PUT",
                "-H",
                "Content-Type: " + MediaTypes.OCI_MANIFEST,
                "--data-binary",
                "{\"schemaVersion\":2",
                base + "/v2/curl/app/manifests/latest");
        assertThat(invalid.output()).contains("MANIFEST_INVALID");
    }
}
