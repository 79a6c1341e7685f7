package dev.slipway.server.store;

import java.time.Instant;

/** A branch protection rule of a repository: the branches it covers ({@code pattern}) and what it demands. */
public record Protection(
        long id, long repoId, String pattern, ProtectionRules rules, Instant created, Instant updated) {}
