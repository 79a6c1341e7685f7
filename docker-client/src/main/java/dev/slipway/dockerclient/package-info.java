/** The container engine's client: where Docker or Podman answers, and a docker-java client for it. */
@NullMarked
package dev.slipway.dockerclient;

import org.jspecify.annotations.NullMarked;
