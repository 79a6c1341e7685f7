/** Pure planning: event matching, filters, matrices, the needs graph. */
@NullMarked
package dev.slipway.plan;

import org.jspecify.annotations.NullMarked;
