package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;

/**
 * {@code strategy:} of a job.
 *
 * @param matrix an object (dimensions plus {@code include}/{@code exclude}) or a string holding an expression such as
 *     {@code ${{ fromJSON(needs.setup.outputs.matrix) }}}; strings inside may hold expressions too
 * @param failFast boolean (default true) or expression string
 * @param maxParallel number or expression string; {@link Value#NULL} when absent
 */
public record Strategy(Value matrix, Value failFast, Value maxParallel, SourceSpan span) {}
