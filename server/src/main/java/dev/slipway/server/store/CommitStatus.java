package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A status posted for a commit under a context ({@code ci/build}); the newest per context counts.
 *
 * @param creator login of who posted it
 */
public record CommitStatus(
        long id,
        long repoId,
        String sha,
        String context,
        StatusState state,
        Optional<String> description,
        Optional<String> targetUrl,
        String creator,
        Instant created) {}
