package dev.slipway.registry;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Mark and sweep over the whole store. Marks every manifest linked in any repository and every blob those manifests
 * reference; sweeps unmarked blobs older than the grace period. Runs under the exclusive GC lock, so pushes that link
 * content wait for it (and it for them); blobs just uploaded but not yet referenced are protected by the grace period,
 * uploads in progress by living outside {@code blobs/}, by their session lock and by {@link
 * #MIN_UPLOAD_IDLE}; temporary files being written are tracked and skipped.
 */
final class GarbageCollector {
    /** Clients pause between chunks; an upload is abandoned only when idle this long, whatever the grace period. */
    static final Duration MIN_UPLOAD_IDLE = Duration.ofMinutes(15);

    private final Storage storage;

    GarbageCollector(Storage storage) {
        this.storage = storage;
    }

    GcResult run(Duration grace) throws IOException {
        Instant cutoff = storage.clock.instant().minus(grace);
        storage.gcLock.writeLock().lock();
        try {
            Set<Digest> marked = mark();
            int deleted = 0;
            int kept = 0;
            long freed = 0;
            for (Digest digest : storage.blobs.list()) {
                if (marked.contains(digest)) {
                    continue;
                }
                Optional<BasicFileAttributes> attrs = storage.blobs.stat(digest);
                if (attrs.isEmpty()) {
                    continue;
                }
                if (attrs.get().lastModifiedTime().toInstant().isBefore(cutoff)) {
                    if (storage.blobs.delete(digest)) {
                        deleted++;
                        freed += attrs.get().size();
                    }
                } else {
                    kept++;
                }
            }
            if (deleted > 0) {
                storage.repositories.pruneBlobLinks(storage.blobs::exists);
            }
            Instant uploadCutoff =
                    storage.clock.instant().minus(grace.compareTo(MIN_UPLOAD_IDLE) > 0 ? grace : MIN_UPLOAD_IDLE);
            int purged = storage.uploads.purgeOlderThan(uploadCutoff);
            storage.files.purgeOlderThan(cutoff);
            return new GcResult(marked.size(), deleted, freed, kept, purged);
        } finally {
            storage.gcLock.writeLock().unlock();
        }
    }

    private Set<Digest> mark() throws IOException {
        Set<Digest> marked = new HashSet<>();
        for (String repo : storage.repositories.names()) {
            for (Digest digest : storage.repositories.manifests(repo)) {
                marked.add(digest);
                if (!storage.blobs.exists(digest)) {
                    continue;
                }
                Optional<String> type = storage.repositories.manifestType(repo, digest);
                try {
                    Manifest manifest = Manifest.parse(storage.readSmall(digest, Long.MAX_VALUE), type);
                    manifest.requiredBlobs().forEach(d -> marked.add(d.digest()));
                    manifest.children().forEach(d -> marked.add(d.digest()));
                } catch (RegistryException e) {
                    // stored before validation rules changed: keep the manifest itself, nothing more
                }
            }
        }
        return marked;
    }
}
