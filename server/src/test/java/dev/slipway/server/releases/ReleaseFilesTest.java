package dev.slipway.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.ReleaseFields;
import dev.slipway.server.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asset files beside their rows: a failed or refused upload keeps neither, a deletion removes both. */
class ReleaseFilesTest {
    @TempDir
    Path dir;

    private Database db;
    private ReleaseFiles files;
    private Release release;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:releases-" + UUID.randomUUID());
        var owner = db.users().create("ann", "ann@example.com", "Ann", "password-123", false);
        var repo = db.repos().create(owner.id(), "web", "", false, "main");
        release = db.releases()
                .create(
                        repo.id(),
                        new ReleaseFields("v1", "main", Optional.empty(), Optional.empty(), false, false),
                        Optional.of(owner.id()));
        files = new ReleaseFiles(db, dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anUploadThatBreaksOffKeepsNothing() throws IOException {
        InputStream breaking = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 100_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> files.upload(
                        release, "app.bin", Optional.empty(), "a/b", breaking, Optional.empty(), Optional.empty()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThat(db.releaseAssets().list(release.id())).isEmpty();
        assertThat(fileCount()).isZero();
    }

    @Test
    void aSecondAssetOfTheSameNameIsRefusedAndKeepsNoFileWhileTheFirstStays() throws IOException {
        var first = files.upload(
                release, "app.bin", Optional.empty(), "a/b", bytes("one"), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> files.upload(
                        release, "app.bin", Optional.empty(), "a/b", bytes("two"), Optional.empty(), Optional.empty()))
                .isInstanceOf(StoreException.class);
        assertThat(db.releaseAssets().list(release.id())).containsExactly(first);
        assertThat(fileCount()).isEqualTo(1);
        try (var in = files.open(first)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
        assertThat(first.digest()).isEqualTo("sha256:7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed");

        assertThat(files.delete(release)).isTrue();
        assertThat(db.releaseAssets().find(first.id())).isEmpty();
        assertThat(fileCount()).isZero();
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private long fileCount() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }
}
