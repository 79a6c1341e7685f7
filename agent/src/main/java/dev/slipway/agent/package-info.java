/**
 * The agent: leases jobs from a server through an {@link dev.slipway.protocol.AgentChannel}, runs them with the
 * runtime and this machine's executors, and streams their steps and logs back. The server's embedded agent and {@code
 * slipway agent} are this same code over different channels.
 */
@NullMarked
package dev.slipway.agent;

import org.jspecify.annotations.NullMarked;
