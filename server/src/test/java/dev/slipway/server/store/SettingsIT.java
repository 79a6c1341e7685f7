package dev.slipway.server.store;

/** {@link SettingsContract} on a real PostgreSQL. */
final class SettingsIT extends SettingsContract implements OnPostgres {}
