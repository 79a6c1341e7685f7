package dev.slipway.workflow;

import dev.slipway.common.Lines;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a job or of a composite action. Exactly one of {@code run} and {@code uses} is present.
 *
 * @param index 0-based position in its job
 * @param id {@code id:} or empty
 * @param name {@code name:} template or empty
 * @param condition {@code if:} as written, or empty
 * @param run the script template of a {@code run} step
 * @param uses the action reference: {@code ./path}, {@code owner/repo[/path]@ref} or {@code docker://image}
 * @param with action inputs (scalars converted to strings, as GitHub does)
 * @param env step-level {@code env}
 * @param shell {@code shell:} or empty
 * @param workingDirectory {@code working-directory:} or empty
 * @param continueOnError boolean or expression string; {@link Value#FALSE} when absent
 * @param timeoutMinutes number or expression string; {@link Value#NULL} when absent
 * @param span position of the step (its first key)
 * @param spans positions of the step's fields by YAML key
 */
public record Step(
        int index,
        Optional<String> id,
        Optional<String> name,
        Optional<String> condition,
        Optional<String> run,
        Optional<String> uses,
        Map<String, String> with,
        Map<String, String> env,
        Optional<String> shell,
        Optional<String> workingDirectory,
        Value continueOnError,
        Value timeoutMinutes,
        SourceSpan span,
        Map<String, SourceSpan> spans) {

    /** The position of field {@code key}, or of the step itself when the field is absent. */
    public SourceSpan spanOf(String key) {
        return spans.getOrDefault(key, span);
    }

    /** The name GitHub shows: {@code name:}, else {@code Run <first line>} or {@code Run <uses>}. */
    public String displayName() {
        if (name.isPresent()) {
            return name.get();
        }
        if (run.isPresent()) {
            String first = Lines.first(run.get().strip());
            return "Run " + first;
        }
        return "Run " + uses.orElse("step " + (index + 1));
    }
}
