package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image (a manifest or an index) in the built-in registry under a hosted repository's name.
 *
 * @param name the registry repository name, {@code owner/repo} or below it
 * @param size the manifest plus everything it references, in bytes
 * @param platforms {@code os/architecture[/variant]} of the image or of an index's images
 * @param revision the source commit it names, from {@code org.opencontainers.image.revision}
 * @param run the newest run of that commit when the image was pushed: its id and number
 * @param pusher the login (or job) that pushed it
 * @param tags its tags, sorted
 */
public record Image(
        long id,
        long repoId,
        String name,
        String digest,
        String mediaType,
        long size,
        List<String> platforms,
        Optional<String> revision,
        Optional<RunRef> run,
        Optional<String> pusher,
        Instant pushedAt,
        List<String> tags) {

    /** A run an image came from. */
    public record RunRef(long id, long number) {}

    /** Defensive copies. */
    public Image {
        platforms = List.copyOf(platforms);
        tags = List.copyOf(tags);
    }
}
