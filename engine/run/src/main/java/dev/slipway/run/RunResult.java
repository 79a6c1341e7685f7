package dev.slipway.run;

import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import java.time.Duration;
import java.util.List;

/** How a run ended: its conclusion and every job instance in the order they finished. */
public record RunResult(Conclusion conclusion, List<Finished> jobs, Duration duration) {
    public RunResult {
        jobs = List.copyOf(jobs);
    }

    /** One finished job instance. */
    public record Finished(JobRef job, JobResult result, Duration duration) {}
}
