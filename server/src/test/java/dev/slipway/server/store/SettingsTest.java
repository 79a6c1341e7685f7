package dev.slipway.server.store;

/** {@link SettingsContract} on embedded H2. */
final class SettingsTest extends SettingsContract implements OnH2 {}
