package dev.slipway.server.runs;

import dev.slipway.actions.Artifact;
import dev.slipway.actions.ArtifactStore;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link ArtifactStore}: zips under {@code <data>/artifacts/<run id>/}, one row each in {@code artifacts}.
 * A file is in place before its row is written and removed only after its row is deleted, so a listed artifact can
 * always be downloaded (a crash between the two leaves an unlisted file, never a listed artifact without one).
 */
public final class StoredArtifacts implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(StoredArtifacts.class);
    private static final String DIR = "artifacts";
    private final Database db;
    private final Path dataDir;
    private final Supplier<String> serverUrl;

    /** @param serverUrl the server's URL as people reach it, for download links */
    public StoredArtifacts(Database db, Path dataDir, Supplier<String> serverUrl) {
        this.db = db;
        this.dataDir = dataDir.toAbsolutePath();
        this.serverUrl = serverUrl;
    }

    @Override
    public Artifact upload(String runId, String name, Path zip, int retentionDays, boolean overwrite, boolean archived)
            throws IOException {
        long run = runId(runId)
                .filter(id -> db.runs().find(id).isPresent())
                .orElseThrow(() -> new IOException("no workflow run " + runId + " on this server"));
        // the suffix tells a zip from a file uploaded as it is (dev.slipway.server.store.Artifact#archived)
        var relative = DIR + "/" + run + "/" + UUID.randomUUID() + (archived ? ".zip" : ".file");
        var target = dataDir.resolve(relative);
        Files.createDirectories(target.getParent());
        var staged = Files.createTempFile(target.getParent(), ".upload-", ".zip");
        try {
            Files.copy(zip, staged, StandardCopyOption.REPLACE_EXISTING);
            var digest = sha256(staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            var old = db.artifacts().find(run, name);
            if (old.isPresent()) {
                if (!overwrite) {
                    throw new FileAlreadyExistsException("artifact '" + name + "' already exists in run " + runId);
                }
                delete(old.get());
            }
            var row = db.artifacts()
                    .create(
                            run,
                            name,
                            Files.size(target),
                            digest,
                            relative,
                            Duration.ofDays(Math.max(1, retentionDays)));
            return toAction(row);
        } catch (StoreException e) {
            Files.deleteIfExists(target);
            if (db.artifacts().find(run, name).isPresent()) { // another upload of the name won
                throw new FileAlreadyExistsException("artifact '" + name + "' already exists in run " + runId);
            }
            throw new IOException("cannot record artifact '" + name + "': " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(target);
            throw e;
        }
    }

    @Override
    public List<Artifact> list(String runId) {
        return runId(runId)
                .map(run ->
                        db.artifacts().list(run).stream().map(this::toAction).toList())
                .orElse(List.of());
    }

    @Override
    public InputStream open(Artifact artifact) throws IOException {
        var row = db.artifacts()
                .find(artifact.id())
                .orElseThrow(() -> new IOException("artifact " + artifact.id() + " no longer exists"));
        return open(row);
    }

    /** Opens the zip (or the file) of a stored artifact. */
    public InputStream open(dev.slipway.server.store.Artifact row) throws IOException {
        return Files.newInputStream(dataDir.resolve(row.path()));
    }

    /** Deletes an artifact: its row, then its file. */
    public boolean delete(dev.slipway.server.store.Artifact row) {
        boolean deleted = db.artifacts().delete(row.id());
        try {
            Files.deleteIfExists(dataDir.resolve(row.path()));
        } catch (IOException e) {
            LOG.warn("cannot delete the file of artifact {}: {}", row.id(), e.toString());
        }
        return deleted;
    }

    /** Deletes the artifacts whose retention has passed; returns how many. */
    public int sweep() {
        int deleted = 0;
        for (int round = 0; round < 1000; round++) {
            var expired = db.artifacts().expired(100);
            if (expired.isEmpty()) {
                break;
            }
            for (var row : expired) {
                delete(row);
                deleted++;
            }
        }
        return deleted;
    }

    /** The web address of an artifact's download. */
    public String downloadUrl(String repoFullName, dev.slipway.server.store.Artifact row) {
        return serverUrl.get().replaceAll("/+$", "") + "/" + repoFullName + "/actions/runs/" + row.runId()
                + "/artifacts/" + row.id();
    }

    private Artifact toAction(dev.slipway.server.store.Artifact row) {
        var repo = db.runs()
                .find(row.runId())
                .flatMap(r -> db.repos().find(r.repoId()))
                .map(dev.slipway.server.store.Repo::fullName)
                .orElse("-/-");
        return new Artifact(
                row.id(),
                Long.toString(row.runId()),
                row.name(),
                row.size(),
                row.digest(),
                downloadUrl(repo, row),
                row.created(),
                row.expires(),
                row.archived());
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            var buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Optional<Long> runId(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
