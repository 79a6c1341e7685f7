package dev.slipway.registry;

import java.util.Map;
import java.util.Optional;

/**
 * A manifest that was pushed or deleted.
 *
 * @param repository the repository name
 * @param reference the tag or digest the client used
 * @param digest the manifest digest ({@code sha256:...})
 * @param mediaType the manifest media type
 * @param size the manifest size in bytes
 * @param annotations the image config labels merged with the manifest annotations (annotations win); empty on delete
 */
public record ManifestEvent(
        String repository,
        String reference,
        String digest,
        String mediaType,
        long size,
        Map<String, String> annotations) {

    /** Label and annotation naming the source commit. */
    public static final String REVISION = "org.opencontainers.image.revision";

    /** Defensive copy. */
    public ManifestEvent {
        annotations = Map.copyOf(annotations);
    }

    /** The source revision ({@code org.opencontainers.image.revision}), used to link images to commits. */
    public Optional<String> revision() {
        return Optional.ofNullable(annotations.get(REVISION));
    }
}
