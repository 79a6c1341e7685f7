package dev.slipway.workflow;

import java.util.Optional;

/**
 * One {@code outputs:} entry of an action.
 *
 * @param value the {@code value:} template of a composite action's output; empty for Node and Docker actions
 */
public record ActionOutput(String name, Optional<String> description, Optional<String> value) {}
