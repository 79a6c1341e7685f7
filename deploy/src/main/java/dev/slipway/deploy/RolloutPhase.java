package dev.slipway.deploy;

/** Where a service's latest rollout is. */
public enum RolloutPhase {
    /** Replicas starting, being checked, or traffic moving. */
    PROGRESSING,
    /** Waiting at a pause without a duration (canary) or for promotion (blue-green without auto-promotion). */
    PAUSED,
    /** The new release serves every request; the old one is stopped. */
    SUCCEEDED,
    /** A check failed or the rollout was aborted: the old release serves every request again. */
    ROLLED_BACK
}
