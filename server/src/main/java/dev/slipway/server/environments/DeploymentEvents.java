package dev.slipway.server.environments;

import dev.slipway.server.store.Deployment;

/**
 * Hears of deployments as they are made and change state (GitHub's {@code deployment} and {@code deployment_status}
 * events). Implementations return quickly and never throw: a listener must not break a deployment.
 */
public interface DeploymentEvents {
    /** One that hears nothing. */
    DeploymentEvents NONE = new DeploymentEvents() {
        @Override
        public void created(Deployment deployment) {}

        @Override
        public void status(Deployment deployment, Deployment.Status status) {}
    };

    /** A job made {@code deployment}. */
    void created(Deployment deployment);

    /** {@code deployment} got {@code status} (queued, waiting, in_progress, success, failure, error, inactive). */
    void status(Deployment deployment, Deployment.Status status);
}
