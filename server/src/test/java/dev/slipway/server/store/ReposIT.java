package dev.slipway.server.store;

/** {@link ReposContract} on a real PostgreSQL. */
final class ReposIT extends ReposContract implements OnPostgres {}
