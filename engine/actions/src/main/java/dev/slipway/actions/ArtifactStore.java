package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code actions/upload-artifact} puts zips and {@code actions/download-artifact} finds them, keyed by run id and
 * artifact name. Implementations must be thread-safe; a server implements it over HTTP.
 */
public interface ArtifactStore {
    /**
     * Stores {@code zip} (the store copies it) as artifact {@code name} of run {@code runId}.
     *
     * @param retentionDays days to keep it, at least 1
     * @param overwrite replace an existing artifact of the same name instead of failing
     * @throws FileAlreadyExistsException if the name is taken in this run and {@code overwrite} is false
     */
    default Artifact upload(String runId, String name, Path zip, int retentionDays, boolean overwrite)
            throws IOException {
        return upload(runId, name, zip, retentionDays, overwrite, true);
    }

    /**
     * Stores {@code file} (the store copies it) as artifact {@code name} of run {@code runId}: a zip when
     * {@code archived}, else a single file kept as it is ({@code archive: false}), whose name is {@code name}.
     *
     * @param retentionDays days to keep it, at least 1
     * @param overwrite replace an existing artifact of the same name instead of failing
     * @throws FileAlreadyExistsException if the name is taken in this run and {@code overwrite} is false
     */
    Artifact upload(String runId, String name, Path file, int retentionDays, boolean overwrite, boolean archived)
            throws IOException;

    /** The artifacts of run {@code runId}, sorted by name; empty for an unknown run. */
    List<Artifact> list(String runId) throws IOException;

    /** Artifact {@code name} of run {@code runId}. */
    default Optional<Artifact> find(String runId, String name) throws IOException {
        return list(runId).stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Opens the zip (or the file) of {@code artifact}; the caller closes the stream. */
    InputStream open(Artifact artifact) throws IOException;
}
