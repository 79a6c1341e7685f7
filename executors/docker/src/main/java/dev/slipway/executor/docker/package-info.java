/** Container executor: job containers, service containers and Docker actions through the Docker Engine API. */
@NullMarked
package dev.slipway.executor.docker;

import org.jspecify.annotations.NullMarked;
