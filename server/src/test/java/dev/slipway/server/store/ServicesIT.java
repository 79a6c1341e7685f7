package dev.slipway.server.store;

/** {@link ServicesContract} on a real PostgreSQL. */
final class ServicesIT extends ServicesContract implements OnPostgres {}
