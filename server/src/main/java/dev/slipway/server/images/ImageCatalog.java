package dev.slipway.server.images;

import dev.slipway.registry.ManifestEvent;
import dev.slipway.registry.RegistryListener;
import dev.slipway.server.auth.RegistryAccess;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Images;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Repo;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps the image catalogue in step with the registry: images {@code owner/repo[/...]} belong to the hosted repository
 * {@code owner/repo}; others (a user's own namespace without such a repository) are not catalogued. The source commit
 * comes from the {@code org.opencontainers.image.revision} label or annotation when it is a full commit id.
 */
public final class ImageCatalog implements RegistryListener {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final Database db;

    public ImageCatalog(Database db) {
        this.db = db;
    }

    @Override
    public void manifestPushed(ManifestEvent event) {
        repoOf(db, event.repository())
                .ifPresent(repo -> db.images()
                        .record(
                                new Images.Pushed(
                                        repo.id(),
                                        event.repository(),
                                        event.digest(),
                                        event.mediaType(),
                                        event.imageSize(),
                                        event.platforms(),
                                        event.revision()
                                                .filter(r -> COMMIT.matcher(r).matches()),
                                        event.pusher().map(RegistryAccess::display),
                                        event.children(),
                                        event.pusher()
                                                .flatMap(RegistryAccess::jobOf)
                                                .flatMap(job -> db.jobs().find(job))
                                                .map(Job::runId)),
                                tag(event)));
    }

    @Override
    public void manifestDeleted(ManifestEvent event) {
        var tag = tag(event);
        if (tag.isPresent()) {
            db.images().untag(event.repository(), tag.get());
        } else {
            db.images().delete(event.repository(), event.digest());
        }
    }

    /** The hosted repository an image name belongs to. */
    static Optional<Repo> repoOf(Database db, String imageName) {
        var parts = imageName.split("/");
        return parts.length < 2 ? Optional.empty() : db.repos().find(parts[0], parts[1]);
    }

    /** The tag the client used; digests contain {@code :}, tags never do. */
    private static Optional<String> tag(ManifestEvent event) {
        return event.reference().contains(":") ? Optional.empty() : Optional.of(event.reference());
    }
}
