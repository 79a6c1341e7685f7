package dev.slipway.server.store;

/** {@link StepsContract} on embedded H2. */
final class StepsTest extends StepsContract implements OnH2 {}
