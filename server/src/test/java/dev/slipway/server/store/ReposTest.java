package dev.slipway.server.store;

/** {@link ReposContract} on embedded H2. */
final class ReposTest extends ReposContract implements OnH2 {}
