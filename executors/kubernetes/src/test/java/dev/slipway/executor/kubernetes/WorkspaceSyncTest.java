package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both halves of the copy with this machine's {@code sh} and {@code tar} as the container's: what the executor writes
 * is unpacked by {@link WorkspaceSync#UNPACK}, and what {@link WorkspaceSync#PACK} writes is read by the executor.
 */
class WorkspaceSyncTest {
    @TempDir
    Path dir;

    private static byte[] sh(String script, List<String> args, byte[] stdin) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return out;
    }

    private Path tree(String name) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(root.resolve("src/deep"));
        Files.writeString(root.resolve("src/deep/a.txt"), "alpha");
        Path tool = Files.writeString(root.resolve("build.sh"), "#!/bin/sh\n");
        tool.toFile().setExecutable(true);
        Files.createSymbolicLink(root.resolve("link"), Path.of("src/deep/a.txt"));
        return root;
    }

    @Test
    void whatTheExecutorSendsReplacesTheContainersCopy() throws Exception {
        Path work = tree("work");
        Path temp = Files.createDirectories(dir.resolve("temp"));
        Files.writeString(temp.resolve("script-1.sh"), "echo hi");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        WorkspaceSync.write(tar, List.of(work, temp));
        // What the container had that the host no longer has must go.
        Files.writeString(work.resolve("stale.txt"), "old");
        Files.writeString(work.resolve("src/deep/a.txt"), "changed in the pod");

        sh(WorkspaceSync.UNPACK, List.of(work.toString(), temp.toString()), tar.toByteArray());

        assertThat(work.resolve("stale.txt")).doesNotExist();
        assertThat(Files.readString(work.resolve("src/deep/a.txt"))).isEqualTo("alpha");
        assertThat(Files.isExecutable(work.resolve("build.sh"))).isTrue();
        assertThat(Files.readSymbolicLink(work.resolve("link"))).isEqualTo(Path.of("src/deep/a.txt"));
        assertThat(Files.readString(temp.resolve("script-1.sh"))).isEqualTo("echo hi");
    }

    @Test
    void whatTheContainerSendsBackReplacesTheHostsCopy() throws Exception {
        Path work = tree("work");
        Path temp = Files.createDirectories(dir.resolve("temp"));
        Files.writeString(temp.resolve("output"), "result=1\n");
        byte[] tar = sh(WorkspaceSync.PACK, List.of(rel(work), rel(temp)), new byte[0]);
        Files.writeString(work.resolve("host-only.txt"), "gone after the copy");
        Files.delete(work.resolve("build.sh"));

        WorkspaceSync.read(new ByteArrayInputStream(tar), List.of(work, temp));

        assertThat(work.resolve("host-only.txt")).doesNotExist();
        assertThat(Files.isExecutable(work.resolve("build.sh"))).isTrue();
        assertThat(Files.readString(work.resolve("link"))).isEqualTo("alpha");
        assertThat(Files.readString(temp.resolve("output"))).isEqualTo("result=1\n");
    }

    @Test
    void entriesOutsideTheDirectoriesAreRefused() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        byte[] tar = MockCluster.tar(Map.of(dir.resolve("elsewhere/x").toString(), "no"));

        assertThatThrownBy(() -> WorkspaceSync.read(new ByteArrayInputStream(tar), List.of(work)))
                .hasMessageContaining("outside");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void theFingerprintChangesWithAFileAndNotWithoutOne() throws Exception {
        Path work = tree("work");
        long before = WorkspaceSync.fingerprint(work);
        assertThat(WorkspaceSync.fingerprint(work)).isEqualTo(before);
        Files.writeString(work.resolve("new.txt"), "x");
        assertThat(WorkspaceSync.fingerprint(work)).isNotEqualTo(before);
    }

    private static String rel(Path p) {
        return p.toString().substring(1);
    }
}
