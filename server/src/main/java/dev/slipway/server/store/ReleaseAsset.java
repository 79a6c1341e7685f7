package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A file attached to a release.
 *
 * @param digest of the bytes, {@code sha256:<hex>}
 * @param uploaderLogin the uploader's login while the uploader's account exists
 * @param path where the bytes are, relative to the data directory
 */
public record ReleaseAsset(
        long id,
        long releaseId,
        String name,
        Optional<String> label,
        String contentType,
        long size,
        String digest,
        long downloadCount,
        Optional<Long> uploaderId,
        Optional<String> uploaderLogin,
        String path,
        Instant created,
        Instant updated) {}
