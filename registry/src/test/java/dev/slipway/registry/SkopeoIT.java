package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.testing.OciLayout;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo pushing to and pulling from the standalone registry, in OCI and Docker formats. */
class SkopeoIT {
    @TempDir
    Path tmp;

    private RegistryServer server;
    private Http http;
    private OciLayout layout;
    private String single;
    private final List<ManifestEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needsSkopeo() {
        assumeTrue(Tools.available("skopeo"), "skopeo is not installed (scripts/container-engine.sh installs it)");
    }

    @BeforeEach
    void start() {
        Registry registry = Registry.builder(tmp.resolve("registry"))
                .listener(new RegistryListener() {
                    @Override
                    public void manifestPushed(ManifestEvent event) {
                        events.add(event);
                    }
                })
                .build();
        server = RegistryServer.start(registry, 0);
        http = new Http(server.port());
        layout = new OciLayout(tmp.resolve("layout"));
        single = layout.image("amd64", "hello from amd64\n", "0123abcd");
        layout.ref("single", single);
        layout.ref("multi", layout.index(single, layout.image("arm64", "hello from arm64\n", "0123abcd")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Tools.Result skopeo(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Tools.run(command);
    }

    private String docker(String ref) {
        return "docker://" + server.hostPort() + "/" + ref;
    }

    @Test
    void copiesOciImageInAndOutUnchanged() throws Exception {
        Tools.Result push = skopeo(
                "copy",
                "--dest-tls-verify=false",
                "--format",
                "oci",
                "oci:" + layout.dir() + ":single",
                docker("it/app:1"));
        assertThat(push.exit()).as(push.output()).isZero();
        HttpResponse<byte[]> manifest =
                http.get("/v2/it/app/manifests/1", "Accept", MediaTypes.OCI_MANIFEST + "," + MediaTypes.OCI_INDEX);
        assertThat(Http.header(manifest, "Content-Type")).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(single).contains(Http.header(manifest, "Docker-Content-Digest"));
        assertThat(events).anySatisfy(e -> assertThat(e.revision()).contains("0123abcd"));

        Path back = tmp.resolve("back");
        Tools.Result pull = skopeo("copy", "--src-tls-verify=false", docker("it/app:1"), "oci:" + back + ":copy");
        assertThat(pull.exit()).as(pull.output()).isZero();
        assertThat(Files.readString(back.resolve("index.json")))
                .contains(Http.header(manifest, "Docker-Content-Digest"));
    }

    @Test
    void convertsToDockerSchema2() {
        Tools.Result push = skopeo(
                "copy",
                "--dest-tls-verify=false",
                "--format",
                "v2s2",
                "oci:" + layout.dir() + ":single",
                docker("it/docker:1"));
        assertThat(push.exit()).as(push.output()).isZero();
        HttpResponse<byte[]> manifest = http.get("/v2/it/docker/manifests/1", "Accept", MediaTypes.DOCKER_MANIFEST);
        assertThat(Http.header(manifest, "Content-Type")).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        Tools.Result inspect = skopeo("inspect", "--tls-verify=false", docker("it/docker:1"));
        assertThat(inspect.exit()).as(inspect.output()).isZero();
        assertThat(inspect.output()).contains("0123abcd").contains("\"Architecture\": \"amd64\"");
        Tools.Result pull = skopeo(
                "copy", "--src-tls-verify=false", docker("it/docker:1"), "oci:" + tmp.resolve("docker-back") + ":x");
        assertThat(pull.exit()).as(pull.output()).isZero();
    }

    @Test
    void multiArchIndexRoundTrip() throws Exception {
        Tools.Result push = skopeo(
                "copy",
                "--all",
                "--dest-tls-verify=false",
                "oci:" + layout.dir() + ":multi",
                docker("it/multi:latest"));
        assertThat(push.exit()).as(push.output()).isZero();
        HttpResponse<byte[]> index = http.get("/v2/it/multi/manifests/latest", "Accept", MediaTypes.OCI_INDEX);
        assertThat(Http.header(index, "Content-Type")).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(Http.text(index)).contains("arm64").contains("amd64");

        Path back = tmp.resolve("multi-back");
        Tools.Result pull =
                skopeo("copy", "--all", "--src-tls-verify=false", docker("it/multi:latest"), "oci:" + back + ":m");
        assertThat(pull.exit()).as(pull.output()).isZero();
        try (var blobs = Files.list(back.resolve("blobs/sha256"))) {
            assertThat(blobs.count()).isEqualTo(7); // index + 2 × (manifest, config, layer)
        }
        Tools.Result tags = skopeo("list-tags", "--tls-verify=false", docker("it/multi"));
        assertThat(tags.output()).contains("latest");
        assertThat(events)
                .filteredOn(e -> e.mediaType().equals(MediaTypes.OCI_INDEX))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.platforms()).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
                    long children = events.stream()
                            .filter(c -> !c.mediaType().equals(MediaTypes.OCI_INDEX))
                            .filter(c -> c.repository().equals("it/multi"))
                            .mapToLong(ManifestEvent::imageSize)
                            .sum();
                    assertThat(e.imageSize()).isEqualTo(e.size() + children);
                    assertThat(e.children()).hasSize(2);
                });
    }
}
