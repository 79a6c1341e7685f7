package dev.slipway.server.store;

/** {@link CachesContract} on embedded H2. */
final class CachesTest extends CachesContract implements OnH2 {}
