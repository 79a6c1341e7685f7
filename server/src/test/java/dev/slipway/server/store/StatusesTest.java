package dev.slipway.server.store;

/** {@link StatusesContract} on embedded H2. */
final class StatusesTest extends StatusesContract implements OnH2 {}
