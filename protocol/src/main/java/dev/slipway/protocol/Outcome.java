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
 */
public record Outcome(
        String conclusion,
        Map<String, String> outputs,
        String failure,
        String summary,
        List<Note> annotations,
        long events) {
    public Outcome {
        outputs = Map.copyOf(outputs);
        annotations = List.copyOf(annotations);
    }

    /**
     * An annotation (the file position stays in the log line).
     *
     * @param level {@code ERROR}, {@code WARNING} or {@code NOTICE}
     */
    public record Note(String level, String message, String title, String step) {}
}
