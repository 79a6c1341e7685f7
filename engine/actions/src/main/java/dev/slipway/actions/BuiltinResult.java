package dev.slipway.actions;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link BuiltinAction} step produced.
 *
 * @param success whether the step succeeded
 * @param outputs step outputs ({@code steps.<id>.outputs.*})
 * @param state values to hand to the post step in {@link BuiltinCall#state()}
 * @param error why the step failed; present exactly when {@code success} is false
 */
public record BuiltinResult(
        boolean success, Map<String, String> outputs, Map<String, String> state, Optional<String> error) {
    public BuiltinResult {
        outputs = Map.copyOf(outputs);
        state = Map.copyOf(state);
        if (success == error.isPresent()) {
            throw new IllegalArgumentException("error must be present exactly when success is false");
        }
    }

    /** Success without outputs. */
    public static BuiltinResult ok() {
        return new BuiltinResult(true, Map.of(), Map.of(), Optional.empty());
    }

    /** Success with outputs. */
    public static BuiltinResult ok(Map<String, String> outputs) {
        return new BuiltinResult(true, outputs, Map.of(), Optional.empty());
    }

    /** Success with outputs and state for the post step. */
    public static BuiltinResult ok(Map<String, String> outputs, Map<String, String> state) {
        return new BuiltinResult(true, outputs, state, Optional.empty());
    }

    /** Failure with a message for the log. */
    public static BuiltinResult failure(String error) {
        return new BuiltinResult(false, Map.of(), Map.of(), Optional.of(error));
    }

    /** Failure that still sets outputs (e.g. the primary key of a missed cache). */
    public static BuiltinResult failure(String error, Map<String, String> outputs) {
        return new BuiltinResult(false, outputs, Map.of(), Optional.of(error));
    }
}
