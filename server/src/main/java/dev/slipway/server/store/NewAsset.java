package dev.slipway.server.store;

import java.util.Optional;

/**
 * A release asset to record once its bytes are stored.
 *
 * @param digest of the bytes, {@code sha256:<hex>}
 * @param path where the bytes are, relative to the data directory
 * @param uploaderLogin the uploader's login, kept beside the user (a job's token has no user row)
 */
public record NewAsset(
        long releaseId,
        String name,
        Optional<String> label,
        String contentType,
        long size,
        String digest,
        Optional<Long> uploaderId,
        String path,
        Optional<String> uploaderLogin) {}
