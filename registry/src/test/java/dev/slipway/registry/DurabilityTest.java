package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the registry answers as stored is on disk first: every file is forced before it is renamed into place, and
 * every directory holding a new (or deleted) name is forced after the name changed, up to the storage root. The
 * forces and renames are recorded through {@link Disk}; each directory force records the names the directory held
 * at that moment, so "forced after the rename" is checked by what the force saw, not by guessing at timing.
 */
class DurabilityTest {
    @TempDir
    Path dir;

    private final Recorder disk = new Recorder();
    private Set<Path> existing = Set.of();
    private RegistryServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = RegistryServer.start(Registry.builder(dir).disk(disk).build(), 0);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Event(String op, Path path, Optional<Path> target, Set<String> entries) {}

    /** The real file system, with every call recorded in order, by absolute paths without {@code ..}. */
    private static final class Recorder implements Disk {
        final List<Event> events = new CopyOnWriteArrayList<>();

        private static Path normal(Path path) {
            return path.toAbsolutePath().normalize();
        }

        @Override
        public void force(Path file) throws IOException {
            events.add(new Event("force", normal(file), Optional.empty(), Set.of()));
            SYSTEM.force(file);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            SYSTEM.move(source, target);
            events.add(new Event("move", normal(source), Optional.of(normal(target)), Set.of()));
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            try (Stream<Path> names = Files.list(directory)) {
                Set<String> entries = names.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
                events.add(new Event("dir", normal(directory), Optional.empty(), entries));
            }
            SYSTEM.forceDirectory(directory);
        }
    }

    private Path blob(String digest) {
        Digest d = Digest.parse(digest);
        return dir.resolve("blobs")
                .resolve(d.algorithm())
                .resolve(d.hex().substring(0, 2))
                .resolve(d.hex());
    }

    private Path repository(String name) {
        return dir.resolve("repositories").resolve(name);
    }

    private Path layerLink(String repo, String digest) {
        Digest d = Digest.parse(digest);
        return repository(repo).resolve("_layers").resolve(d.algorithm()).resolve(d.hex());
    }

    /** Index of the rename onto {@code target}, after its source was forced. */
    private int assertForcedThenRenamed(Path target) {
        List<Event> events = disk.events;
        int move = IntStream.range(0, events.size())
                .filter(i -> events.get(i).op().equals("move")
                        && events.get(i).target().orElseThrow().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError("never renamed onto " + target + ": " + events));
        Path source = events.get(move).path();
        assertThat(events.subList(0, move))
                .as("%s forced before it was renamed onto %s", source, target)
                .contains(new Event("force", source, Optional.empty(), Set.of()));
        return move;
    }

    /** Forgets the events so far; the names that exist now need no force from what follows. */
    private void forget() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            existing = paths.collect(Collectors.toSet());
        }
        disk.events.clear();
    }

    /**
     * Every name from {@code path} up to the storage root, except those there before {@link #forget}, was seen by a
     * force of the directory holding it.
     */
    private void assertNameForced(Path path) {
        for (Path p = path; !p.equals(dir) && !existing.contains(p); p = p.getParent()) {
            Path name = p;
            assertThat(disk.events)
                    .as("a force of %s after %s appeared in it", name.getParent(), name.getFileName())
                    .anyMatch(e -> e.op().equals("dir")
                            && e.path().equals(name.getParent())
                            && e.entries().contains(name.getFileName().toString()));
        }
    }

    private void assertInstalled(Path target) {
        assertForcedThenRenamed(target);
        assertNameForced(target);
    }

    @Test
    void monolithicUploadForcesTheBlobBeforeItsRenameAndItsDirectoriesAfter() {
        String digest = http.pushBlob("team/app", "a layer".getBytes(UTF_8));

        assertInstalled(blob(digest));
        assertNameForced(layerLink("team/app", digest));
    }

    @Test
    void chunkedUploadForcesTheFinishedBlobBeforeItsRename() {
        byte[] content = "hello world".getBytes(UTF_8);
        String digest = Digest.sha256(content).toString();
        String location = Http.header(http.send("POST", "/v2/app/blobs/uploads/", new byte[0]), "Location");
        assertThat(http.send("PATCH", location, "hello ".getBytes(UTF_8)).statusCode())
                .isEqualTo(202);
        HttpResponse<byte[]> done = http.send(
                "PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, "world".getBytes(UTF_8));
        assertThat(done.statusCode()).isEqualTo(201);

        assertInstalled(blob(digest));
        assertThat(disk.events.get(assertForcedThenRenamed(blob(digest))).path())
                .startsWithRaw(dir.resolve("uploads"));
        assertNameForced(layerLink("app", digest));
    }

    @Test
    void mountForcesOnlyTheNewLink() throws IOException {
        String digest = http.pushBlob("source", "shared layer".getBytes(UTF_8));
        forget();

        HttpResponse<byte[]> mounted =
                http.send("POST", "/v2/target/blobs/uploads/?mount=" + digest + "&from=source", new byte[0]);

        assertThat(mounted.statusCode()).isEqualTo(201);
        assertNameForced(layerLink("target", digest));
        assertThat(disk.events).noneMatch(e -> !e.op().equals("dir"));
    }

    @Test
    void manifestRevisionAndTagAreEachForcedInTurn() throws IOException {
        byte[] manifest = http.imageManifest("app", "layer", "");
        forget();

        assertThat(http.putManifest("app", "latest", manifest, MediaTypes.OCI_MANIFEST)
                        .statusCode())
                .isEqualTo(201);

        Digest digest = Digest.sha256(manifest);
        Path revision = repository("app").resolve("_manifests/revisions/sha256").resolve(digest.hex());
        Path tag = repository("app").resolve("_manifests/tags/latest");
        List<Path> order = new ArrayList<>(List.of(blob(digest.toString()), revision, tag));
        order.forEach(this::assertInstalled);
        // the blob is durable before the revision names it, the revision before the tag points at it
        assertThat(order.stream().map(this::assertForcedThenRenamed).toList()).isSorted();
        assertThat(AtomicFiles.readString(revision)).isPresent();
    }

    @Test
    void aBlobAlreadyStoredIsNotWrittenAgainButItsDirectoryIsForced() throws IOException {
        byte[] content = "twice".getBytes(UTF_8);
        String digest = http.pushBlob("app", content);
        forget();

        http.pushBlob("app", content);

        assertThat(disk.events).noneMatch(e -> e.op().equals("force") || e.op().equals("move"));
        assertNameForced(blob(digest));
    }

    @Test
    void directoriesNamedRelativelyAreCreatedAndForcedUpToAnExistingOne() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("a/b"));
        forget();

        disk.createDirectories(relative);

        assertThat(dir.resolve("a/b")).isDirectory();
        assertNameForced(dir.resolve("a/b"));
    }

    @Test
    void aDeletedTagIsForcedGone() throws IOException {
        byte[] manifest = http.imageManifest("app", "layer", "");
        http.putManifest("app", "latest", manifest, MediaTypes.OCI_MANIFEST);
        forget();

        assertThat(http.send("DELETE", "/v2/app/manifests/latest", new byte[0]).statusCode())
                .isEqualTo(202);

        Path tags = repository("app").resolve("_manifests/tags");
        assertThat(disk.events)
                .anyMatch(e -> e.op().equals("dir")
                        && e.path().equals(tags)
                        && !e.entries().contains("latest"));
    }
}
