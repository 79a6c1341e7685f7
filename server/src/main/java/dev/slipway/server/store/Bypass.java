package dev.slipway.server.store;

import java.time.Instant;

/** An administrator went past a protection rule: who, where, which rules, and the ref's move. */
public record Bypass(
        long id,
        long repoId,
        String ref,
        String pattern,
        String actor,
        String rules,
        String before,
        String after,
        Instant created) {}
