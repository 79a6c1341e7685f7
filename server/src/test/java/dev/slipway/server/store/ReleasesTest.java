package dev.slipway.server.store;

/** {@link ReleasesContract} on embedded H2. */
final class ReleasesTest extends ReleasesContract implements OnH2 {}
