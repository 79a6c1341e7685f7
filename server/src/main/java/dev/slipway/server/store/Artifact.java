package dev.slipway.server.store;

import java.time.Instant;

/**
 * A file set a run uploaded, kept until {@code expires}.
 *
 * @param digest of the stored archive, such as {@code sha256:...}
 * @param path where the archive is, relative to the data directory
 */
public record Artifact(
        long id, long runId, String name, long size, String digest, String path, Instant created, Instant expires) {}
