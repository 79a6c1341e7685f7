/**
 * The contract between the server and its agents: {@link dev.slipway.protocol.AgentChannel} and the wire records it
 * exchanges. The embedded agent talks to the server through an in-process channel, remote agents through the same
 * interface over HTTP (JSON as {@link dev.slipway.protocol.WireJson} writes it).
 */
@NullMarked
package dev.slipway.protocol;

import org.jspecify.annotations.NullMarked;
