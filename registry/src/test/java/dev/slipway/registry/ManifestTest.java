package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static Manifest parse(String json, String contentType) {
        return Manifest.parse(json.getBytes(UTF_8), Optional.of(contentType));
    }

    @Test
    void dockerManifestSkipsForeignLayers() {
        Manifest m = parse(
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
                        + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":1},\"layers\":[{"
                        + "\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"digest\":\""
                        + D2 + "\",\"size\":5,\"urls\":[\"https://example.invalid/l\"]}]}",
                "application/vnd.docker.distribution.manifest.v2+json; charset=utf-8");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.requiredBlobs()).extracting(d -> d.digest().toString()).containsExactly(D1);
    }

    @Test
    void typeComesFromTheDocumentWhenTheHeaderIsGeneric() {
        Manifest m = parse(
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_LIST + "\",\"manifests\":[{\"mediaType\":\""
                        + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":3}]}",
                "application/json");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
        assertThat(m.children()).hasSize(1);
        assertThat(m.requiredBlobs()).isEmpty();
    }

    @Test
    void artifactTypeFallsBackToConfigMediaType() {
        Manifest m = parse(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.example+json\",\"digest\":\"" + D1
                        + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"digest\":\"" + D2 + "\",\"size\":9}}",
                MediaTypes.OCI_MANIFEST);
        assertThat(m.effectiveArtifactType()).contains("application/vnd.example+json");
        assertThat(m.subject()).map(d -> d.digest().toString()).contains(D2);
    }

    @Test
    void rejectsInvalidDocuments() {
        String config = "\"config\":{\"mediaType\":\"x\",\"digest\":\"" + D1 + "\",\"size\":1}";
        for (String bad : new String[] {
            "[]",
            "{\"schemaVersion\":1}",
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"," + config + "}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:nothex\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"" + D1 + "\",\"size\":-1}}",
            "{\"schemaVersion\":2," + config + ",\"layers\":{}}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.unknown\"," + config + "}"
        }) {
            assertThatThrownBy(() -> parse(bad, MediaTypes.OCI_MANIFEST))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));
        }
    }

    @Test
    void acceptNegotiation() {
        assertThat(MediaTypes.accepts(java.util.List.of(), MediaTypes.OCI_INDEX))
                .isTrue();
        assertThat(MediaTypes.accepts(java.util.List.of("*/*"), MediaTypes.OCI_INDEX))
                .isTrue();
        assertThat(MediaTypes.accepts(
                        java.util.List.of(MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_INDEX + ";q=0.5"),
                        MediaTypes.OCI_INDEX))
                .isTrue();
        assertThat(MediaTypes.accepts(java.util.List.of(MediaTypes.DOCKER_MANIFEST), MediaTypes.OCI_INDEX))
                .isFalse();
    }
}
