package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a local directory: {@code <root>/<run id>/<name>/artifact.zip} (or {@code artifact.file},
 * a file uploaded as it is) plus metadata. Uploads are
 * staged in a temporary directory and renamed into place, so readers never see half-written artifacts.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final String ZIP = "artifact.zip";
    private static final String FILE = "artifact.file";
    private static final String META = "artifact.properties";
    private final Path root;

    private LocalArtifactStore(Path root) {
        this.root = root;
    }

    /** A store under {@code root} (created if missing). */
    public static LocalArtifactStore of(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create artifact store " + root, e);
        }
        return new LocalArtifactStore(root.toAbsolutePath());
    }

    @Override
    public synchronized Artifact upload(
            String runId, String name, Path zip, int retentionDays, boolean overwrite, boolean archived)
            throws IOException {
        Path runDir = Files.createDirectories(root.resolve(FileTrees.safeName(runId)));
        Path target = runDir.resolve(FileTrees.safeName(name));
        if (Files.exists(target) && !overwrite) {
            throw new FileAlreadyExistsException("artifact '" + name + "' already exists in run " + runId);
        }
        Path staging = Files.createTempDirectory(runDir, ".upload-");
        String data = archived ? ZIP : FILE;
        Files.copy(zip, staging.resolve(data));
        Instant now = Instant.now();
        Artifact artifact = new Artifact(
                nextId(),
                runId,
                name,
                Files.size(zip),
                "sha256:" + FileTrees.sha256(zip),
                target.resolve(data).toUri().toString(),
                now,
                now.plus(Duration.ofDays(Math.max(1, retentionDays))),
                archived);
        write(artifact, staging.resolve(META));
        if (Files.exists(target)) {
            Path old = runDir.resolve(".old-" + artifact.id());
            Files.move(target, old);
            FileTrees.deleteTree(old);
        }
        if (!FileTrees.publish(staging, target)) {
            throw new FileAlreadyExistsException("artifact '" + name + "' already exists in run " + runId);
        }
        return artifact;
    }

    @Override
    public List<Artifact> list(String runId) throws IOException {
        Path runDir = root.resolve(FileTrees.safeName(runId));
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<Artifact> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runDir)) {
            for (Path dir : dirs.toList()) {
                Path meta = dir.resolve(META);
                if (!dir.getFileName().toString().startsWith(".") && Files.exists(meta)) {
                    out.add(read(meta));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        out.sort(Comparator.comparing(Artifact::name));
        return out;
    }

    @Override
    public InputStream open(Artifact artifact) throws IOException {
        return Files.newInputStream(root.resolve(FileTrees.safeName(artifact.runId()))
                .resolve(FileTrees.safeName(artifact.name()))
                .resolve(artifact.archived() ? ZIP : FILE));
    }

    private long nextId() throws IOException {
        Path counter = root.resolve(".next-id");
        try (FileChannel channel = FileChannel.open(
                        counter, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            long id = text.isEmpty() ? 1 : Long.parseLong(text);
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(Long.toString(id + 1).getBytes(StandardCharsets.US_ASCII)), 0);
            return id;
        }
    }

    private static void write(Artifact a, Path meta) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", Long.toString(a.id()));
        p.setProperty("runId", a.runId());
        p.setProperty("name", a.name());
        p.setProperty("size", Long.toString(a.size()));
        p.setProperty("digest", a.digest());
        p.setProperty("url", a.url());
        p.setProperty("created", a.created().toString());
        p.setProperty("expires", a.expires().toString());
        p.setProperty("archived", Boolean.toString(a.archived()));
        try (Writer w = Files.newBufferedWriter(meta, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
    }

    private static Artifact read(Path meta) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new Artifact(
                Long.parseLong(p.getProperty("id")),
                p.getProperty("runId"),
                p.getProperty("name"),
                Long.parseLong(p.getProperty("size")),
                p.getProperty("digest"),
                p.getProperty("url"),
                Instant.parse(p.getProperty("created")),
                Instant.parse(p.getProperty("expires")),
                !"false".equals(p.getProperty("archived"))); // stores written before archive: false held zips only
    }
}
