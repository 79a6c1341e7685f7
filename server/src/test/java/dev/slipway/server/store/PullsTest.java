package dev.slipway.server.store;

/** {@link PullsContract} on embedded H2. */
final class PullsTest extends PullsContract implements OnH2 {}
