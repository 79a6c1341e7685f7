package dev.slipway.deploy;

import java.time.Duration;
import java.util.Optional;

/** One step of a canary rollout, as in Argo Rollouts. */
public sealed interface CanaryStep {
    /** Sends {@code percent} of the requests to the new release (its replicas scaled to match). */
    record SetWeight(int percent) implements CanaryStep {}

    /** Waits {@code duration}, or until the rollout is promoted when empty. */
    record Pause(Optional<Duration> duration) implements CanaryStep {}

    /**
     * Watches the router's answers from the new release for {@code window}: more than {@code maxErrorRate} (0–1) of
     * them 5xx or unanswered, with at least {@code minRequests} requests seen, fails the rollout.
     */
    record Analysis(Duration window, double maxErrorRate, int minRequests) implements CanaryStep {}
}
