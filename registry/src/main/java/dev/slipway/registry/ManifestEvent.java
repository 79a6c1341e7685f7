package dev.slipway.registry;

import java.util.List;
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
 * @param imageSize the manifest plus everything it references: config and layers of an image, the images of an index
 *     (0 on delete)
 * @param platforms {@code os/architecture[/variant]} of an index's images or of an image's config; may be empty
 * @param pusher who pushed it (the authenticated principal); empty for anonymous pushes and on delete
 * @param children the digests of an index's manifests; empty for an image and on delete
 */
public record ManifestEvent(
        String repository,
        String reference,
        String digest,
        String mediaType,
        long size,
        Map<String, String> annotations,
        long imageSize,
        List<String> platforms,
        Optional<String> pusher,
        List<String> children) {

    /** Label and annotation naming the source commit. */
    public static final String REVISION = "org.opencontainers.image.revision";

    /** Defensive copy. */
    public ManifestEvent {
        annotations = Map.copyOf(annotations);
        platforms = List.copyOf(platforms);
        children = List.copyOf(children);
    }

    /** An event without size, platforms or pusher: a delete. */
    public ManifestEvent(
            String repository,
            String reference,
            String digest,
            String mediaType,
            long size,
            Map<String, String> annotations) {
        this(repository, reference, digest, mediaType, size, annotations, 0, List.of(), Optional.empty(), List.of());
    }

    /** The source revision ({@code org.opencontainers.image.revision}), used to link images to commits. */
    public Optional<String> revision() {
        return Optional.ofNullable(annotations.get(REVISION));
    }
}
