package dev.slipway.server.store;

/** {@link JobQueueContract} on embedded H2. */
final class JobQueueTest extends JobQueueContract implements OnH2 {}
