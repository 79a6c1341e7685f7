package dev.slipway.server.store;

/** {@link SessionsContract} on embedded H2. */
final class SessionsTest extends SessionsContract implements OnH2 {}
