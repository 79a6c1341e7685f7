package dev.slipway.server.store;

import java.util.Optional;

/** What a client sets on a release when creating or editing it. */
public record ReleaseFields(
        String tagName,
        String targetCommitish,
        Optional<String> name,
        Optional<String> body,
        boolean draft,
        boolean prerelease) {}
