package dev.slipway.server.store;

/** {@link SessionsContract} on a real PostgreSQL. */
final class SessionsIT extends SessionsContract implements OnPostgres {}
