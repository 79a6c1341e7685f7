package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void parsesSha256AndSha512() {
        String hex256 = "a".repeat(64);
        assertThat(Digest.parse("sha256:" + hex256)).isEqualTo(new Digest("sha256", hex256));
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
        assertThat(Digest.parse("sha256:" + hex256).toString()).isEqualTo("sha256:" + hex256);
    }

    @Test
    void rejectsMalformedDigests() {
        for (String bad : new String[] {
            "sha256:" + "A".repeat(64),
            "sha256:" + "a".repeat(63),
            "md5:" + "a".repeat(32),
            "sha256",
            ":abc",
            "sha512:" + "a".repeat(64),
            "sha256:../../etc/passwd"
        }) {
            assertThatThrownBy(() -> Digest.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        }
    }

    @Test
    void hashesContent() {
        assertThat(Digest.sha256("".getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
