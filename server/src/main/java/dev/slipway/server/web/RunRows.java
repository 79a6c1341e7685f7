package dev.slipway.server.web;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
                r.name(),
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

    /** Columns of jobs: stage 1 needs nothing, stage n+1 needs something of stage n. */
    static List<Model.Stage> stages(List<Job> jobs, String runHref, Instant now) {
        Map<String, List<String>> needs = new HashMap<>();
        jobs.forEach(j -> needs.put(j.key(), j.needs()));
        Map<String, Integer> depth = new HashMap<>();
        var columns = new TreeMap<Integer, List<Model.JobRow>>();
        // needs name job ids; a matrix job's rows are keyed "id (a, b)": a need stands for all of them.
        Map<String, List<String>> keysOfId = new HashMap<>();
        jobs.forEach(j ->
                keysOfId.computeIfAbsent(jobId(j.key()), k -> new ArrayList<>()).add(j.key()));
        needs.replaceAll((key, ids) -> ids.stream()
                .flatMap(id -> keysOfId.getOrDefault(id, List.of(id)).stream())
                .toList());
        for (var j : jobs) {
            int d = depth(j.key(), needs, depth, 0);
            columns.computeIfAbsent(d, k -> new ArrayList<>()).add(job(j, runHref, now));
        }
        List<Model.Stage> stages = new ArrayList<>();
        columns.forEach((d, rows) -> stages.add(new Model.Stage(d + 1, rows)));
        return stages;
    }

    /** The job id of a row key: {@code test} for {@code test (18, linux)}. */
    static String jobId(String key) {
        int paren = key.indexOf(" (");
        return paren > 0 ? key.substring(0, paren) : key;
    }

    private static int depth(String key, Map<String, List<String>> needs, Map<String, Integer> memo, int guard) {
        var known = memo.get(key);
        if (known != null) {
            return known;
        }
        int d = 0;
        // The planner rejects cycles; the guard only keeps a corrupt row from recursing forever.
        if (guard < 64) {
            for (var need : needs.getOrDefault(key, List.of())) {
                if (needs.containsKey(need)) {
                    d = Math.max(d, depth(need, needs, memo, guard + 1) + 1);
                }
            }
        }
        memo.put(key, d);
        return d;
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
