/**
 * {@code schedule} triggers: a scheduler that, at each minute boundary, finds the crons due in the repositories'
 * workflows at the head of their default branches and starts runs for them.
 */
@NullMarked
package dev.slipway.server.schedule;

import org.jspecify.annotations.NullMarked;
