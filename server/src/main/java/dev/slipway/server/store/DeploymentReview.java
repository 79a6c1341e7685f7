package dev.slipway.server.store;

import java.time.Instant;

/** A reviewer's decision on a run's deployment to one environment (GitHub's run approval). */
public record DeploymentReview(
        long id,
        long runId,
        long environmentId,
        DeploymentGate.State state,
        String comment,
        long userId,
        Instant created) {}
