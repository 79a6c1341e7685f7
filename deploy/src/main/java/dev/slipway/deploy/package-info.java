/**
 * Deployments of long-running services to environments (ADR 0017): the desired state of a service ({@link
 * ServiceSpec}), the releases rolled out to it ({@link Release}), the replicas that run them ({@link ReplicaRuntime}),
 * the router in front of them, and the rollout strategies (rolling, blue-green, canary) with readiness checks and
 * automatic rollback ({@link Deployments}). Knows nothing of the server, SQL or the engine: the server persists what
 * {@link DeployListener} reports and drives {@link Deployments}.
 */
@NullMarked
package dev.slipway.deploy;

import org.jspecify.annotations.NullMarked;
