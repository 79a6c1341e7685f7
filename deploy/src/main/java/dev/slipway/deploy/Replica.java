package dev.slipway.deploy;

import java.net.URI;

/** One running replica: {@code endpoint} is its base URL on this machine ({@code http://127.0.0.1:PORT}). */
public record Replica(String id, String service, int revision, URI endpoint) {}
