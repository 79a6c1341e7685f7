package dev.slipway.server.store;

/** {@link EnvironmentsContract} on a real PostgreSQL. */
final class EnvironmentsIT extends EnvironmentsContract implements OnPostgres {}
