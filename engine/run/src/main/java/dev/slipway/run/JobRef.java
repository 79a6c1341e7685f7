package dev.slipway.run;

import dev.slipway.expr.Value;

/**
 * One job instance of a run: a job, or one combination of its matrix, possibly inside a called workflow.
 *
 * @param key unique within the run, e.g. {@code test (18, linux)} or {@code deploy / smoke}
 * @param jobId the job's id in its workflow
 * @param name the display name (rendered {@code name:} with the matrix, or the key)
 * @param matrix the matrix combination, empty object when none
 * @param workflowPath the workflow file the job comes from
 */
public record JobRef(String key, String jobId, String name, Value.Obj matrix, String workflowPath) {}
