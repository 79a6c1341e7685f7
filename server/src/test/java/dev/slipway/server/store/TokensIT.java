package dev.slipway.server.store;

/** {@link TokensContract} on a real PostgreSQL. */
final class TokensIT extends TokensContract implements OnPostgres {}
