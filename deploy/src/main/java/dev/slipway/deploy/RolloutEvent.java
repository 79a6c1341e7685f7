package dev.slipway.deploy;

import java.time.Instant;

/**
 * Something a rollout did or saw, in words for people ({@code message}), with the phase it left the rollout in and the
 * new release's share of the requests (0–100) after it.
 */
public record RolloutEvent(String service, int revision, Instant at, RolloutPhase phase, int weight, String message) {}
