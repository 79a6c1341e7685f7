package dev.slipway.deploy;

/**
 * A service's desired state. {@code id} names it uniquely (the server uses {@code owner/repo/environment/name});
 * {@code port} is where its router listens on 127.0.0.1 (0: any free port, see {@link ServiceStatus#url}).
 */
public record ServiceSpec(String id, int port, int replicas, Readiness readiness, Strategy strategy) {}
