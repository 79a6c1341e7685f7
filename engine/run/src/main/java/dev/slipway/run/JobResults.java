package dev.slipway.run;

import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Results of jobs that ended without running a step. */
public final class JobResults {
    private JobResults() {}

    /** A result with no steps, failure message {@code reason}. */
    public static JobResult without(Conclusion conclusion, String reason) {
        return new JobResult(conclusion, Map.of(), List.of(), Optional.of(reason), "", List.of());
    }
}
