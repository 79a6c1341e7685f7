package dev.slipway.server.store;

/** {@link JobsContract} on a real PostgreSQL. */
final class JobsIT extends JobsContract implements OnPostgres {}
