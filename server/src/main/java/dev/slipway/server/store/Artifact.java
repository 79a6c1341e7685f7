package dev.slipway.server.store;

import java.time.Instant;

/**
 * A file set a run uploaded, kept until {@code expires}.
 *
 * @param digest of the stored archive, such as {@code sha256:...}
 * @param path where the archive is, relative to the data directory
 */
public record Artifact(
        long id, long runId, String name, long size, String digest, String path, Instant created, Instant expires) {
    /** Whether it is a zip; a file uploaded with {@code archive: false} is kept as it is, in a {@code .file}. */
    public boolean archived() {
        return !path.endsWith(".file");
    }

    /**
     * The file name a download gives it: {@code <name>.zip}, or the name of a file kept as it is, with characters a
     * file name or header cannot hold replaced.
     */
    public String fileName() {
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + (archived() ? ".zip" : "");
    }

    /** The media type a download is sent with: a zip's, or the one a file's name suggests. */
    public String contentType() {
        if (archived()) {
            return "application/zip";
        }
        var guessed = java.net.URLConnection.getFileNameMap().getContentTypeFor(name);
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
