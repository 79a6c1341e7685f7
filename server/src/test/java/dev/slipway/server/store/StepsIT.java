package dev.slipway.server.store;

/** {@link StepsContract} on a real PostgreSQL. */
final class StepsIT extends StepsContract implements OnPostgres {}
