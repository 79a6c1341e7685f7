package dev.slipway.plan;

import dev.slipway.workflow.Job;
import java.util.List;

/**
 * A job of a run plan.
 *
 * @param id the job id
 * @param displayName the {@code name:} rendered when it reads only {@code github}, {@code inputs} and {@code vars};
 *     as written when it reads {@code matrix} or {@code needs} (the runtime renders it); the id when absent
 * @param needs the direct needs
 * @param ancestors every job this one transitively needs, in plan order
 * @param matrix the matrix, expanded or deferred
 * @param job the job as parsed, for the runtime
 */
public record PlannedJob(
        String id, String displayName, List<String> needs, List<String> ancestors, MatrixPlan matrix, Job job) {
    public PlannedJob {
        needs = List.copyOf(needs);
        ancestors = List.copyOf(ancestors);
    }
}
