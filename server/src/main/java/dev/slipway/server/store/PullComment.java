package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/** A comment on a pull request: in the conversation, or on {@code line} of {@code path} when those are set. */
public record PullComment(
        long id,
        long pullId,
        String author,
        String body,
        Optional<String> path,
        Optional<Integer> line,
        Optional<String> commitSha,
        Optional<Long> reviewId,
        Instant created,
        Instant updated) {}
