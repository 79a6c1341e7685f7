package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;

/**
 * {@code concurrency:} at workflow or job level.
 *
 * @param group the group template (may hold expressions)
 * @param cancelInProgress a boolean or a string holding an expression
 */
public record Concurrency(String group, Value cancelInProgress, SourceSpan span) {}
