package dev.slipway.server.store;

/** {@link JobsContract} on embedded H2. */
final class JobsTest extends JobsContract implements OnH2 {}
