package dev.slipway.server.web;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Runs and jobs as rows of the pages: state colours, relative times, durations, stages. */
final class RunRows {
    private RunRows() {}

    static Model.RunRow run(Run r, String fullName, Instant now) {
        var state = state(r.status() == RunStatus.IN_PROGRESS, r.status() == RunStatus.QUEUED, r.conclusion());
        var duration = r.started()
                .map(s -> Times.duration(Duration.between(s, r.completed().orElse(now))));
        return new Model.RunRow(
                r.id(),
                r.number(),
                r.displayTitle(),
                r.workflowPath(),
                r.headBranch().orElse(r.ref()),
                r.event(),
                r.actor(),
                r.sha().substring(0, Math.min(7, r.sha().length())),
                state,
                label(r.status().name(), r.conclusion()),
                Times.ago(r.created(), now),
                duration.orElse("—"),
                "/" + fullName + "/actions/runs/" + r.id());
    }

    static Model.JobRow job(Job j, String runHref, Instant now) {
        var state = state(
                j.status() == JobStatus.IN_PROGRESS,
                j.status() == JobStatus.QUEUED || j.status() == JobStatus.WAITING,
                j.conclusion());
        if (j.status() == JobStatus.WAITING) {
            state = "waiting";
        }
        var duration = j.started()
                .map(s -> Times.duration(Duration.between(s, j.completed().orElse(now))));
        return new Model.JobRow(
                j.id(),
                j.name(),
                state,
                label(j.status().name(), j.conclusion()),
                duration.orElse("—"),
                j.needs(),
                runHref + "/jobs/" + j.id());
    }

    /** The job id of a row key: {@code test} for {@code test (18, linux)}. */
    static String jobId(String key) {
        int paren = key.indexOf(" (");
        return paren > 0 ? key.substring(0, paren) : key;
    }

    static String state(boolean running, boolean queued, Optional<Conclusion> conclusion) {
        if (running) {
            return "running";
        }
        if (queued) {
            return "queued";
        }
        return conclusion
                .map(c -> switch (c) {
                    case SUCCESS -> "success";
                    case FAILURE, TIMED_OUT -> "failure";
                    case CANCELLED -> "cancelled";
                    case SKIPPED, NEUTRAL, ACTION_REQUIRED -> "skipped";
                })
                .orElse("queued");
    }

    private static String label(String status, Optional<Conclusion> conclusion) {
        var text = conclusion.map(Enum::name).orElse(status);
        return text.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
