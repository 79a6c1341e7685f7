package dev.slipway.server.store;

/** {@link ServicesContract} on embedded H2. */
final class ServicesTest extends ServicesContract implements OnH2 {}
