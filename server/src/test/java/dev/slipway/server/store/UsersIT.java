package dev.slipway.server.store;

/** {@link UsersContract} on a real PostgreSQL. */
final class UsersIT extends UsersContract implements OnPostgres {}
