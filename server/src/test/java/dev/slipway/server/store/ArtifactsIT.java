package dev.slipway.server.store;

/** {@link ArtifactsContract} on a real PostgreSQL. */
final class ArtifactsIT extends ArtifactsContract implements OnPostgres {}
