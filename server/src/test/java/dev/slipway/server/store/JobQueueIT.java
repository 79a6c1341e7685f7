package dev.slipway.server.store;

/** {@link JobQueueContract} on a real PostgreSQL. */
final class JobQueueIT extends JobQueueContract implements OnPostgres {}
