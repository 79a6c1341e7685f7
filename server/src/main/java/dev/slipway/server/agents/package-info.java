/**
 * Job dispatch to agents: the {@link dev.slipway.server.agents.AgentHub} behind the agent protocol (leases,
 * heartbeats, event streams, cancellation), the embedded agent, remote agents' registration and their HTTP routes.
 */
@NullMarked
package dev.slipway.server.agents;

import org.jspecify.annotations.NullMarked;
