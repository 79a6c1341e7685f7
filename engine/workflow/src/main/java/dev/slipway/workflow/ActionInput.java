package dev.slipway.workflow;

import java.util.Optional;

/**
 * One {@code inputs:} entry of an action.
 *
 * @param defaultValue the {@code default:} template (may hold expressions), empty when absent
 */
public record ActionInput(
        String name,
        Optional<String> description,
        boolean required,
        Optional<String> defaultValue,
        Optional<String> deprecationMessage) {}
