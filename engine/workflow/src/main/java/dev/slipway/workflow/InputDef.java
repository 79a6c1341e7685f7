package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.List;
import java.util.Optional;

/**
 * An input of {@code workflow_dispatch} or {@code workflow_call}.
 *
 * @param type {@code string}, {@code boolean}, {@code number}, {@code choice} or {@code environment}
 * @param options the choices of a {@code choice} input
 */
public record InputDef(
        String name,
        Optional<String> description,
        boolean required,
        Optional<Value> defaultValue,
        String type,
        List<String> options,
        SourceSpan span) {}
