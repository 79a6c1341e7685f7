package dev.slipway.server.store;

/** {@link CachesContract} on a real PostgreSQL. */
final class CachesIT extends CachesContract implements OnPostgres {}
