package dev.slipway.server.store;

/** {@link PullsContract} on a real PostgreSQL. */
final class PullsIT extends PullsContract implements OnPostgres {}
