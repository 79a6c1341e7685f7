package dev.slipway.workflow;

import dev.slipway.common.Lines;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a job or of a composite action: a {@code run} or {@code uses} step (exactly one of the two is present),
 * or a {@code wait}, {@code wait-all} or {@code cancel} step ({@link #control}), which has neither. A {@code parallel:}
 * group is read as GitHub defines it: its steps, each in the background, then a {@code wait} for all of them.
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
 * @param background {@code background: true} (or a step of a {@code parallel} group): the job goes on at once
 * @param control what a {@code wait}, {@code wait-all} or {@code cancel} step does; empty for other steps
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
        Map<String, SourceSpan> spans,
        boolean background,
        Optional<Control> control) {

    /**
     * A step that waits for or cancels background steps.
     *
     * @param kind what it does
     * @param targets the {@link Step#index() indices} of the background steps it names (none for {@code wait-all})
     * @param names their ids as written, for the step's display name
     */
    public record Control(Kind kind, List<Integer> targets, List<String> names) {
        public Control {
            targets = List.copyOf(targets);
            names = List.copyOf(names);
        }

        /** {@code wait}, {@code wait-all} or {@code cancel}. */
        public enum Kind {
            WAIT,
            WAIT_ALL,
            CANCEL
        }
    }

    /** The position of field {@code key}, or of the step itself when the field is absent. */
    public SourceSpan spanOf(String key) {
        return spans.getOrDefault(key, span);
    }

    /** The name GitHub shows: {@code name:}, else {@code Run <first line>} or {@code Run <uses>}. */
    public String displayName() {
        if (name.isPresent()) {
            return name.get();
        }
        if (control.isPresent()) {
            Control c = control.get();
            return switch (c.kind()) {
                case WAIT -> "Wait for " + String.join(", ", c.names());
                case WAIT_ALL -> "Wait for all background steps";
                case CANCEL -> "Cancel " + String.join(", ", c.names());
            };
        }
        if (run.isPresent()) {
            String first = Lines.first(run.get().strip());
            return "Run " + first;
        }
        return "Run " + uses.orElse("step " + (index + 1));
    }
}
