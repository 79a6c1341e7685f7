package dev.slipway.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a job ended.
 *
 * @param conclusion the job's conclusion
 * @param outputs the job's {@code outputs:} rendered at its end
 * @param steps every step that was considered, skipped ones included, post steps last
 * @param failure why the job failed or was cancelled, for the user, when the steps' logs do not say it
 * @param summaryMarkdown what the steps wrote to {@code GITHUB_STEP_SUMMARY}, in order
 * @param annotations error, warning and notice annotations from workflow commands and the runtime
 */
public record JobResult(
        Conclusion conclusion,
        Map<String, String> outputs,
        List<StepResult> steps,
        Optional<String> failure,
        String summaryMarkdown,
        List<Annotation> annotations) {
    public JobResult {
        outputs = Map.copyOf(outputs);
        steps = List.copyOf(steps);
        annotations = List.copyOf(annotations);
    }
}
