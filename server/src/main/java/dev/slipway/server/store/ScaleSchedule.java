package dev.slipway.server.store;

import java.time.Instant;

/** When an environment's services are scaled to 0 ({@code down}) and back ({@code up}): crons in {@code zone}. */
public record ScaleSchedule(long environmentId, String down, String up, String zone, Instant updated) {}
