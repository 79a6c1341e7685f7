package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.testing.OciLayout;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** podman pull and push against the standalone registry (needs podman; uses the local image store). */
class PodmanIT {
    @TempDir
    Path tmp;

    private RegistryServer server;

    @BeforeEach
    void start() {
        assumeTrue(Tools.available("podman") && Tools.available("skopeo"), "podman or skopeo is not installed");
        server = RegistryServer.start(tmp.resolve("registry"), 0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void podmanPullsAndPushes() {
        OciLayout layout = new OciLayout(tmp.resolve("layout"));
        layout.ref("single", layout.image("amd64", "podman\n", "beef"));
        String id = UUID.randomUUID().toString().substring(0, 8);
        String source = server.hostPort() + "/podman/src-" + id + ":1";
        String target = server.hostPort() + "/podman/dst-" + id + ":1";
        Tools.Result seed = Tools.run(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                "oci:" + layout.dir() + ":single",
                "docker://" + source);
        assertThat(seed.exit()).as(seed.output()).isZero();
        try {
            Tools.Result pull = Tools.run("podman", "pull", "--tls-verify=false", source);
            assertThat(pull.exit()).as(pull.output()).isZero();
            assertThat(Tools.run("podman", "tag", source, target).exit()).isZero();
            Tools.Result push = Tools.run("podman", "push", "--tls-verify=false", target);
            assertThat(push.exit()).as(push.output()).isZero();
            Http http = new Http(server.port());
            assertThat(Http.text(http.get("/v2/podman/dst-" + id + "/tags/list")))
                    .contains("\"1\"");
        } finally {
            Tools.run("podman", "rmi", "--force", source, target);
        }
    }
}
