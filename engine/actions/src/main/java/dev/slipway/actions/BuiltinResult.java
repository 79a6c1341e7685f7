package dev.slipway.actions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link BuiltinAction} step produced.
 *
 * @param success whether the step succeeded
 * @param outputs step outputs ({@code steps.<id>.outputs.*})
 * @param state values to hand to the post step in {@link BuiltinCall#state()}
 * @param error why the step failed; present exactly when {@code success} is false
 * @param env variables for the job's later steps, as if the step had written them to {@code GITHUB_ENV}
 * @param path directories for the front of the later steps' {@code PATH}, as if written to {@code GITHUB_PATH}, in
 *     the order written (the last ends up first)
 */
public record BuiltinResult(
        boolean success,
        Map<String, String> outputs,
        Map<String, String> state,
        Optional<String> error,
        Map<String, String> env,
        List<String> path) {
    public BuiltinResult {
        outputs = Map.copyOf(outputs);
        state = Map.copyOf(state);
        env = Map.copyOf(env);
        path = List.copyOf(path);
        if (success == error.isPresent()) {
            throw new IllegalArgumentException("error must be present exactly when success is false");
        }
    }

    /** Success without outputs. */
    public static BuiltinResult ok() {
        return new BuiltinResult(true, Map.of(), Map.of(), Optional.empty(), Map.of(), List.of());
    }

    /** Success with outputs. */
    public static BuiltinResult ok(Map<String, String> outputs) {
        return new BuiltinResult(true, outputs, Map.of(), Optional.empty(), Map.of(), List.of());
    }

    /** Success with outputs and state for the post step. */
    public static BuiltinResult ok(Map<String, String> outputs, Map<String, String> state) {
        return new BuiltinResult(true, outputs, state, Optional.empty(), Map.of(), List.of());
    }

    /** Failure with a message for the log. */
    public static BuiltinResult failure(String error) {
        return new BuiltinResult(false, Map.of(), Map.of(), Optional.of(error), Map.of(), List.of());
    }

    /** Failure that still sets outputs (e.g. the primary key of a missed cache). */
    public static BuiltinResult failure(String error, Map<String, String> outputs) {
        return new BuiltinResult(false, outputs, Map.of(), Optional.of(error), Map.of(), List.of());
    }

    /** Success with outputs that also sets variables and {@code PATH} directories for the job's later steps. */
    public static BuiltinResult ok(Map<String, String> outputs, Map<String, String> env, List<String> path) {
        return new BuiltinResult(true, outputs, Map.of(), Optional.empty(), env, path);
    }
}
