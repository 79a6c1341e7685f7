package dev.slipway.protocol;

import java.util.List;
import java.util.Map;

/**
 * How a leased job ended.
 *
 * @param conclusion {@code success}, {@code failure}, {@code cancelled} or {@code skipped}
 * @param outputs the job's outputs
 * @param failure why it failed or was cancelled, or empty
 * @param summary what the steps wrote to {@code GITHUB_STEP_SUMMARY}
 * @param annotations errors, warnings and notices
 * @param events how many events the agent sent for the lease (the server checks it has them all)
 * @param environment the name of the job's environment as the agent evaluated it, or empty
 * @param environmentUrl its {@code url} evaluated after the steps, or empty
 */
public record Outcome(
        String conclusion,
        Map<String, String> outputs,
        String failure,
        String summary,
        List<Note> annotations,
        long events,
        String environment,
        String environmentUrl) {
    public Outcome {
        outputs = Map.copyOf(outputs);
        annotations = List.copyOf(annotations);
        // an agent older than environments sends neither field
        environment = java.util.Objects.requireNonNullElse(environment, "");
        environmentUrl = java.util.Objects.requireNonNullElse(environmentUrl, "");
    }

    /** The outcome of a job without an environment. */
    public Outcome(
            String conclusion,
            Map<String, String> outputs,
            String failure,
            String summary,
            List<Note> annotations,
            long events) {
        this(conclusion, outputs, failure, summary, annotations, events, "", "");
    }

    /**
     * An annotation (the file position stays in the log line).
     *
     * @param level {@code ERROR}, {@code WARNING} or {@code NOTICE}
     */
    public record Note(String level, String message, String title, String step) {}
}
