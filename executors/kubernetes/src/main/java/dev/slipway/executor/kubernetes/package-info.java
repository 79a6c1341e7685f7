/** Runs jobs in Kubernetes pods, steps by exec in the job container. */
@NullMarked
package dev.slipway.executor.kubernetes;

import org.jspecify.annotations.NullMarked;
