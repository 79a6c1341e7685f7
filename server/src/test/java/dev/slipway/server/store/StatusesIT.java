package dev.slipway.server.store;

/** {@link StatusesContract} on a real PostgreSQL. */
final class StatusesIT extends StatusesContract implements OnPostgres {}
