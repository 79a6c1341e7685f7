package dev.slipway.actions;

import java.time.Instant;

/**
 * A stored artifact: one zip per name and run, or with {@code archive: false} (upload-artifact v7) one file kept as it
 * is.
 *
 * @param id numeric id, unique within the store
 * @param runId the run that uploaded it
 * @param name its name within the run
 * @param size size of the zip (or of the file) in bytes
 * @param digest {@code sha256:<hex>} of the zip (or of the file)
 * @param url where a person can download it (a file URI for local stores, a web URL for the server)
 * @param created upload time
 * @param expires when the store may delete it
 * @param archived whether it is a zip; a file uploaded with {@code archive: false} is not, and its name is the file's
 */
public record Artifact(
        long id,
        String runId,
        String name,
        long size,
        String digest,
        String url,
        Instant created,
        Instant expires,
        boolean archived) {
    /** A zip artifact. */
    public Artifact(
            long id,
            String runId,
            String name,
            long size,
            String digest,
            String url,
            Instant created,
            Instant expires) {
        this(id, runId, name, size, digest, url, created, expires, true);
    }

    /**
     * The file name a download gives it when it is not unpacked: {@code <name>.zip}, or the name of a file kept as it
     * is (as GitHub's artifact storage names them).
     */
    public String fileName() {
        return archived ? name + ".zip" : name;
    }
}
