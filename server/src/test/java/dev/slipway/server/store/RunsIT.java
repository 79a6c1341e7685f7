package dev.slipway.server.store;

/** {@link RunsContract} on a real PostgreSQL. */
final class RunsIT extends RunsContract implements OnPostgres {}
