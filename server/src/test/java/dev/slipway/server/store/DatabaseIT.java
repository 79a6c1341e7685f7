package dev.slipway.server.store;

/** {@link DatabaseContract} on a real PostgreSQL. */
final class DatabaseIT extends DatabaseContract implements OnPostgres {}
