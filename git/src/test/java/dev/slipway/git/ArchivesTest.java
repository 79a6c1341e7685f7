package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Source archives of a commit: entries under the prefix, modes and times kept, streamed to the caller's stream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchivesTest {
    String first;
    HostedRepo repo;

    @BeforeAll
    void setUp(@TempDir Path tmp) {
        repo = Hosted.build(tmp, work -> {
            first = work.file("README.md", "# Hello\n")
                    .executable("bin/run.sh", "#!/bin/sh\necho hi\n")
                    .commit("first");
            work.tag("v1");
            work.file("later.txt", "later\n").commit("second");
        });
    }

    @AfterAll
    void tearDown() {
        repo.close();
    }

    record Entry(int mode, long time, String content) {}

    @Test
    void aTarballHoldsTheTaggedTreeUnderThePrefixWithModesAndTheCommitTime() throws IOException {
        var out = new ByteArrayOutputStream();
        repo.archive("v1", ArchiveFormat.TAR_GZ, "alice-demo-abc1234/", out);

        Map<String, Entry> entries = new TreeMap<>();
        try (var tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(out.toByteArray())))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                var content = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                entries.put(
                        e.getName(),
                        new Entry(e.getMode() & 0777, e.getModTime().toInstant().getEpochSecond(), content));
            }
        }

        assertThat(entries.keySet())
                .contains("alice-demo-abc1234/README.md", "alice-demo-abc1234/bin/run.sh")
                .doesNotContain("alice-demo-abc1234/later.txt")
                .allMatch(name -> name.startsWith("alice-demo-abc1234/"));
        assertThat(entries.get("alice-demo-abc1234/bin/run.sh").mode()).isEqualTo(0755);
        assertThat(entries.get("alice-demo-abc1234/README.md").mode()).isEqualTo(0644);
        assertThat(entries.get("alice-demo-abc1234/README.md").content()).isEqualTo("# Hello\n");
        // TestRepo commits a minute apart from its epoch: the first commit's time
        assertThat(entries.get("alice-demo-abc1234/README.md").time())
                .isEqualTo(repo.commit(first)
                        .orElseThrow()
                        .commit()
                        .committer()
                        .when()
                        .toInstant()
                        .getEpochSecond());
    }

    @Test
    void aZipballKeepsTheExecutableBit() throws IOException {
        var out = new ByteArrayOutputStream();
        repo.archive("main", ArchiveFormat.ZIP, "demo-main/", out);

        Map<String, Integer> modes = new TreeMap<>();
        // the modes are in the central directory, which only a seekable reader sees
        try (var zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(out.toByteArray()))
                .get()) {
            zip.getEntries().asIterator().forEachRemaining(e -> modes.put(e.getName(), e.getUnixMode() & 0777));
        }

        assertThat(modes).containsEntry("demo-main/bin/run.sh", 0755).containsKey("demo-main/later.txt");
    }

    @Test
    void anUnknownRevisionIsNotFound() {
        assertThatThrownBy(() -> repo.archive("no-such-ref", ArchiveFormat.ZIP, "x/", new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.NOT_FOUND));
    }

    @Test
    void anEntryAndItsBlobAreFoundByPath() {
        var entry = repo.entry("v1", "bin/run.sh").orElseThrow();
        var out = new ByteArrayOutputStream();
        repo.writeBlob(entry.sha(), out);

        assertThat(entry.type()).isEqualTo(TreeEntry.Type.EXECUTABLE);
        assertThat(entry.path()).isEqualTo("bin/run.sh");
        assertThat(entry.name()).isEqualTo("run.sh");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(repo.entry("v1", "bin").orElseThrow().type()).isEqualTo(TreeEntry.Type.DIRECTORY);
        assertThat(repo.entry("v1", "later.txt")).isEmpty();
        assertThat(repo.blobSize(entry.sha())).contains(18L);
        assertThat(repo.blobSize("0".repeat(40))).isEmpty();
        var tree = repo.treeObject("v1", true).orElseThrow();
        assertThat(tree.entries()).extracting(TreeEntry::path).containsExactly("README.md", "bin", "bin/run.sh");
        assertThat(repo.treeObject(repo.entry("v1", "bin").orElseThrow().sha(), false)
                        .orElseThrow()
                        .entries())
                .extracting(TreeEntry::path)
                .containsExactly("run.sh");
        assertThat(repo.treeObject("no-such-ref", false)).isEmpty();
        assertThatThrownBy(() -> repo.writeBlob("0".repeat(40), out))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.NOT_FOUND));
    }
}
