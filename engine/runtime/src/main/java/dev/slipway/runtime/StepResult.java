package dev.slipway.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one step of a job, post steps included.
 *
 * @param index 0-based position in the job's {@code steps:}; pre and post steps are numbered after the last step, in
 *     the order they ran
 * @param id the step's {@code id:} or empty
 * @param name the rendered display name
 * @param outcome the result before {@code continue-on-error} is applied
 * @param conclusion the result after {@code continue-on-error} is applied
 * @param outputs the step's outputs
 * @param duration how long the step ran
 */
public record StepResult(
        int index,
        Optional<String> id,
        String name,
        Conclusion outcome,
        Conclusion conclusion,
        Map<String, String> outputs,
        Duration duration) {
    public StepResult {
        outputs = Map.copyOf(outputs);
    }
}
