package dev.slipway.server.store;

/** {@link TokensContract} on embedded H2. */
final class TokensTest extends TokensContract implements OnH2 {}
