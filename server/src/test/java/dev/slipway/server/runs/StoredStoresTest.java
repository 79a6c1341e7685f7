package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.NewRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's artifact and cache stores: the actions' contract, files beside rows, retention and eviction. */
class StoredStoresTest {
    @TempDir
    Path dir;

    private final Moving clock = new Moving();
    private Database db;
    private StoredArtifacts artifacts;
    private StoredCaches caches;
    private String runId;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:stores-" + UUID.randomUUID(), clock);
        var owner = db.users().create("ann", "ann@example.com", "Ann", "password-123", false);
        var repo = db.repos().create(owner.id(), "web", "", false, "main");
        var run = db.runs()
                .create(NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "ci",
                        "push",
                        "refs/heads/main",
                        "a".repeat(40),
                        "ann",
                        "{}"));
        runId = Long.toString(run.id());
        artifacts = new StoredArtifacts(db, dir, () -> "http://slipway.test");
        caches = new StoredCaches(db, dir, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anUploadIsListedOpenedAndLinkedToTheRunPage() throws IOException {
        var a = artifacts.upload(runId, "report", file("zip bytes"), 5, false);
        assertThat(a.size()).isEqualTo(9);
        assertThat(a.digest()).startsWith("sha256:");
        assertThat(a.url()).isEqualTo("http://slipway.test/ann/web/actions/runs/" + runId + "/artifacts/" + a.id());
        assertThat(a.expires()).isEqualTo(a.created().plus(Duration.ofDays(5)));
        assertThat(artifacts.list(runId)).containsExactly(a);
        assertThat(artifacts.find(runId, "report")).contains(a);
        try (var in = artifacts.open(a)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("zip bytes");
        }
        assertThat(artifacts.list("999")).isEmpty();
        assertThat(artifacts.list("local")).isEmpty();
    }

    @Test
    void aTakenNameFailsUnlessOverwritingWhichReplacesTheFile() throws IOException {
        var first = artifacts.upload(runId, "report", file("one"), 1, false);
        assertThatThrownBy(() -> artifacts.upload(runId, "report", file("two"), 1, false))
                .isInstanceOf(FileAlreadyExistsException.class);
        var second = artifacts.upload(runId, "report", file("three"), 1, true);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(artifacts.list(runId)).containsExactly(second);
        try (var files = Files.list(dir.resolve("artifacts").resolve(runId))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void anUnknownRunIsAnErrorNotAStrayFile() {
        assertThatThrownBy(() -> artifacts.upload("12345", "x", file("x"), 1, false))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> artifacts.upload("local", "x", file("x"), 1, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no workflow run local");
    }

    @Test
    void theSweepDeletesArtifactsOnlyOnceTheirRetentionHasPassed() throws IOException {
        artifacts.upload(runId, "short", file("s"), 1, false);
        artifacts.upload(runId, "long", file("l"), 3, false);
        clock.advance(Duration.ofHours(23));
        assertThat(artifacts.sweep()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(artifacts.sweep()).isEqualTo(1);
        assertThat(artifacts.list(runId)).extracting(a -> a.name()).containsExactly("long");
        try (var files = Files.list(dir.resolve("artifacts").resolve(runId))) {
            assertThat(files).hasSize(1);
        }
        clock.advance(Duration.ofDays(2));
        assertThat(artifacts.sweep()).isEqualTo(1);
        assertThat(artifacts.list(runId)).isEmpty();
    }

    @Test
    void cachesMatchExactlyThenByNewestPrefixAndTheFirstSaveWins() throws IOException {
        assertThat(caches.save("ann/web", "refs/heads/main", "deps-1", "v", file("old")))
                .isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(caches.save("Ann/Web", "refs/heads/main", "deps-2", "v", file("new")))
                .isPresent();
        assertThat(caches.save("ann/web", "refs/heads/main", "deps-2", "v", file("again")))
                .isEmpty();

        var exact = caches.find("ann/web", List.of("refs/heads/main"), "v", List.of("deps-1"));
        assertThat(exact).hasValueSatisfying(e -> assertThat(e.key()).isEqualTo("deps-1"));
        var prefix = caches.find("ann/web", List.of("refs/heads/feature", "refs/heads/main"), "v", List.of("deps-"));
        assertThat(prefix).hasValueSatisfying(e -> assertThat(e.key()).isEqualTo("deps-2"));
        try (var in = caches.open(prefix.orElseThrow())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new");
        }
        assertThat(caches.find("ann/web", List.of("refs/heads/main"), "other", List.of("deps-")))
                .isEmpty();
        assertThat(caches.find("nobody/none", List.of("refs/heads/main"), "v", List.of("deps-")))
                .isEmpty();
    }

    @Test
    void theSweepEvictsCachesUnusedForAWeek() throws IOException {
        caches.save("ann/web", "refs/heads/main", "a", "v", file("a"));
        caches.save("ann/web", "refs/heads/main", "b", "v", file("b"));
        clock.advance(Duration.ofDays(6));
        caches.find("ann/web", List.of("refs/heads/main"), "v", List.of("b"));
        clock.advance(Duration.ofDays(2));
        assertThat(caches.sweep()).isEqualTo(1);
        assertThat(caches.find("ann/web", List.of("refs/heads/main"), "v", List.of("a")))
                .isEmpty();
        assertThat(caches.find("ann/web", List.of("refs/heads/main"), "v", List.of("b")))
                .isPresent();
        try (var files = Files.list(dir.resolve("caches"))) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "in-", ".bin"), content);
    }

    private static final class Moving extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-01T08:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
