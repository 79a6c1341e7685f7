package dev.slipway.deploy;

import java.time.Duration;
import java.util.List;

/** How a new release replaces the running one. */
public sealed interface Strategy {
    /**
     * Replica by replica: at most {@code maxSurge} replicas above the desired count, at most {@code maxUnavailable}
     * below it; an old replica stops only once a new one is ready.
     */
    record Rolling(int maxSurge, int maxUnavailable) implements Strategy {}

    /**
     * All new replicas start beside the old ones; once all are ready (and the rollout is promoted, unless {@code
     * autoPromote}) the router switches to them at once; the old ones stop after {@code scaleDownDelay}.
     */
    record BlueGreen(boolean autoPromote, Duration scaleDownDelay) implements Strategy {}

    /** The new release takes a growing share of the requests, step by step; the last step is 100 %. */
    record Canary(List<CanaryStep> steps) implements Strategy {
        public Canary {
            steps = List.copyOf(steps);
        }
    }
}
