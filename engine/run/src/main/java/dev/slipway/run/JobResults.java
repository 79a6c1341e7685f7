package dev.slipway.run;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Results of jobs that ended without running a step. */
public final class JobResults {
    private JobResults() {}

    /**
     * A job's failure message that points into its workflow file, shaped like every diagnostic: {@code
     * path:line:col: error: message}.
     */
    public static String at(SourceSpan span, String message) {
        return Diagnostic.error(span, message).render();
    }

    /** A result with no steps, failure message {@code reason}. */
    public static JobResult without(Conclusion conclusion, String reason) {
        return new JobResult(conclusion, Map.of(), List.of(), Optional.of(reason), "", List.of());
    }
}
