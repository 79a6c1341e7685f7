package dev.slipway.server.store;

/** {@link ArtifactsContract} on embedded H2. */
final class ArtifactsTest extends ArtifactsContract implements OnH2 {}
