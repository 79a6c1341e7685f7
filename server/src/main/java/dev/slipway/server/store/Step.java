package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A step of a job.
 *
 * @param index from 0, in the job's order
 * @param logPath where the step's log is, relative to the data directory
 */
public record Step(
        long jobId,
        int index,
        String name,
        StepStatus status,
        Optional<Conclusion> conclusion,
        Optional<Instant> started,
        Optional<Instant> completed,
        Optional<String> logPath) {}
