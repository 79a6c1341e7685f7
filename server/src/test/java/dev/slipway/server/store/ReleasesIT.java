package dev.slipway.server.store;

/** {@link ReleasesContract} on a real PostgreSQL. */
final class ReleasesIT extends ReleasesContract implements OnPostgres {}
