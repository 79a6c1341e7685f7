package dev.slipway.runtime.spi;

/** One entry of {@code services:}: its id (the hostname on the job network) and container. */
public record ServiceSpec(String id, ContainerSpec container) {}
