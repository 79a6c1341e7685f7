package dev.slipway.server.store;

/** {@link EnvironmentsContract} on embedded H2. */
final class EnvironmentsTest extends EnvironmentsContract implements OnH2 {}
