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
 * @param environment the environment the job deployed to, with its url once evaluated after the steps
 */
public record JobResult(
        Conclusion conclusion,
        Map<String, String> outputs,
        List<StepResult> steps,
        Optional<String> failure,
        String summaryMarkdown,
        List<Annotation> annotations,
        Optional<JobEnvironment> environment) {
    public JobResult {
        outputs = Map.copyOf(outputs);
        steps = List.copyOf(steps);
        annotations = List.copyOf(annotations);
    }

    /** A result of a job without an environment. */
    public JobResult(
            Conclusion conclusion,
            Map<String, String> outputs,
            List<StepResult> steps,
            Optional<String> failure,
            String summaryMarkdown,
            List<Annotation> annotations) {
        this(conclusion, outputs, steps, failure, summaryMarkdown, annotations, Optional.empty());
    }

    /** This result with the job's environment. */
    public JobResult withEnvironment(Optional<JobEnvironment> environment) {
        return new JobResult(conclusion, outputs, steps, failure, summaryMarkdown, annotations, environment);
    }
}
