package dev.slipway.server.store;

import java.time.Instant;

/** A review of a pull request at commit {@code commitSha}. */
public record Review(
        long id, long pullId, String author, ReviewState state, String body, String commitSha, Instant created) {}
