package dev.slipway.server.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.OciLayout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlesTest {
    @TempDir
    Path dir;

    @Test
    void anArchiveOfTarIsUnpackedWithItsModes() throws Exception {
        var source = dir.resolve("src");
        Files.createDirectories(source.resolve("app/deep"));
        Files.writeString(source.resolve("app/deep/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(source.resolve("app/deep/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(source.resolve("a-name-that-is-longer-than-one-hundred-characters-".repeat(3) + ".txt"), "x");
        var archive = dir.resolve("b.tar.gz");
        var tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", source.toString(), ".")
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        var bundles = new Bundles(dir.resolve("bundles"));
        String id;
        try (var in = Files.newInputStream(archive)) {
            id = bundles.unpack(7, in);
        }
        var unpacked = bundles.find(7, id).orElseThrow();
        assertThat(Files.readString(unpacked.resolve("app/deep/run.sh"))).contains("echo hi");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("app/deep/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(unpacked.resolve("a-name-that-is-longer-than-one-hundred-characters-".repeat(3) + ".txt"))
                .exists();
        assertThat(bundles.find(8, id)).isEmpty();
        assertThat(bundles.find(7, "../7/" + id)).isEmpty();
    }

    @Test
    void anEntryLeavingTheDirectoryIsRefusedAndNothingIsKept() throws Exception {
        var bundles = new Bundles(dir.resolve("bundles"));
        assertThatThrownBy(() -> bundles.unpack(1, new ByteArrayInputStream(tarGz("../../evil.txt"))))
                .isInstanceOf(Bundles.Refused.class)
                .hasMessageContaining("leads outside the bundle's directory");
        assertThatThrownBy(() -> bundles.unpack(1, new ByteArrayInputStream(tarGz("/etc/evil"))))
                .hasMessageContaining("absolute");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
        try (var left = Files.list(dir.resolve("bundles/1"))) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(
                        () -> bundles.unpack(1, new ByteArrayInputStream("not gzip".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Bundles.Refused.class);
    }

    /** A tar.gz of one file named {@code name} (tar itself strips such names). */
    private static byte[] tarGz(String name) {
        return OciLayout.gzip(OciLayout.tar(name, "x".getBytes(StandardCharsets.UTF_8)));
    }
}
