package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jib core as an in-JVM client: pushes an image built from scratch, then rebuilds on top of it (pull + mount). */
class JibIT {
    @TempDir
    Path tmp;

    private RegistryServer server;
    private final List<ManifestEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RegistryServer.start(
                Registry.builder(tmp.resolve("registry"))
                        .listener(new RegistryListener() {
                            @Override
                            public void manifestPushed(ManifestEvent event) {
                                events.add(event);
                            }
                        })
                        .build(),
                0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Containerizer to(String ref) throws Exception {
        return Containerizer.to(RegistryImage.named(server.hostPort() + "/" + ref))
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(tmp.resolve("jib-base-cache"))
                .setApplicationLayersCache(tmp.resolve("jib-app-cache"));
    }

    @Test
    void pushesAFromScratchImageAndBuildsOnIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello from jib\n");
        JibContainer first = Jib.fromScratch()
                .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
                .addLabel(ManifestEvent.REVISION, "1234567")
                .setEntrypoint("/app/hello.txt")
                .containerize(to("jib/base:1"));
        Http http = new Http(server.port());
        var manifest = http.get("/v2/jib/base/manifests/1");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(Http.header(manifest, "Docker-Content-Digest"))
                .isEqualTo(first.getDigest().toString());
        assertThat(events).anySatisfy(e -> assertThat(e.revision()).contains("1234567"));

        Path more = Files.writeString(tmp.resolve("more.txt"), "second layer\n");
        JibContainer second = Jib.from(RegistryImage.named(server.hostPort() + "/jib/base:1"))
                .addLayer(List.of(more), AbsoluteUnixPath.get("/app"))
                .containerize(to("jib/derived:1").setAllowInsecureRegistries(true));
        assertThat(http.get("/v2/jib/derived/manifests/" + second.getDigest()).statusCode())
                .isEqualTo(200);
        // the base layer reached jib/derived by a cross-repository mount or upload; either way it is there
        assertThat(Http.text(http.get("/v2/jib/derived/manifests/1"))).contains("layers");
    }
}
