package dev.slipway.protocol;

import dev.slipway.actions.Artifact;
import dev.slipway.actions.CacheEntry;
import java.time.Instant;

/** The wire forms of stored artifacts and cache entries (times as ISO-8601 text). */
public final class StoredFiles {
    private StoredFiles() {}

    /**
     * An {@link Artifact} on the wire; {@code archived} is absent (a zip) from servers and agents older than
     * {@code archive: false}.
     */
    public record ArtifactInfo(
            long id,
            String runId,
            String name,
            long size,
            String digest,
            String url,
            String created,
            String expires,
            Boolean archived) {
        public static ArtifactInfo of(Artifact a) {
            return new ArtifactInfo(
                    a.id(),
                    a.runId(),
                    a.name(),
                    a.size(),
                    a.digest(),
                    a.url(),
                    a.created().toString(),
                    a.expires().toString(),
                    a.archived());
        }

        public Artifact artifact() {
            return new Artifact(
                    id,
                    runId,
                    name,
                    size,
                    digest,
                    url,
                    Instant.parse(created),
                    Instant.parse(expires),
                    archived == null || archived);
        }
    }

    /** A {@link CacheEntry} on the wire. */
    public record CacheInfo(String repository, String scope, String key, String version, long size, String created) {
        public static CacheInfo of(CacheEntry e) {
            return new CacheInfo(
                    e.repository(),
                    e.scope(),
                    e.key(),
                    e.version(),
                    e.size(),
                    e.created().toString());
        }

        public CacheEntry entry() {
            return new CacheEntry(repository, scope, key, version, size, Instant.parse(created));
        }
    }

    /** What {@code actions/cache} looks for. */
    public record CacheQuery(
            String repository, java.util.List<String> scopes, String version, java.util.List<String> keys) {}
}
