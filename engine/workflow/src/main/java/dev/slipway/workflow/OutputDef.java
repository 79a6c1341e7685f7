package dev.slipway.workflow;

import java.util.Optional;

/** An output of a reusable workflow ({@code on.workflow_call.outputs}); {@code value} is an expression template. */
public record OutputDef(String name, String value, Optional<String> description) {}
