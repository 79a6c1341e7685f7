/** Runs jobs: conditions, interpolation, environment files, workflow commands, masking, actions. */
@NullMarked
package dev.slipway.runtime;

import org.jspecify.annotations.NullMarked;
