/** Host executor: runs steps as processes on this machine. */
@NullMarked
package dev.slipway.executor.host;

import org.jspecify.annotations.NullMarked;
