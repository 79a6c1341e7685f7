package dev.slipway.server.store;

/** {@link DatabaseContract} on embedded H2. */
final class DatabaseTest extends DatabaseContract implements OnH2 {}
