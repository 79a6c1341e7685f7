package dev.slipway.server.store;

/** {@link RunsContract} on embedded H2. */
final class RunsTest extends RunsContract implements OnH2 {}
