package dev.slipway.deploy;

/** How a rollout ended: {@link RolloutPhase#SUCCEEDED} or {@link RolloutPhase#ROLLED_BACK}, and why. */
public record RolloutOutcome(int revision, RolloutPhase phase, String message) {}
