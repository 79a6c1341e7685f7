package dev.slipway.deploy;

/** Told every {@link RolloutEvent}, in order for a service, on the rollout's own thread; must not block for long. */
@FunctionalInterface
public interface DeployListener {
    void event(RolloutEvent event);
}
