package dev.slipway.server.store;

/** {@link UsersContract} on embedded H2. */
final class UsersTest extends UsersContract implements OnH2 {}
