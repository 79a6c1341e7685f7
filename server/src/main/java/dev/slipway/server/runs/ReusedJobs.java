package dev.slipway.server.runs;

import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.run.ReusedJob;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs of a workflow a re-run of failed jobs runs again, and what the others keep. Job rows are matched to the
 * workflow's jobs by key: {@code build}, a matrix instance {@code build (18, linux)}, a called workflow's job
 * {@code deploy / smoke}.
 */
final class ReusedJobs {
    private ReusedJobs() {}

    /** The workflow job a row belongs to. */
    static Optional<String> jobIdOf(String key, Set<String> jobIds) {
        return jobIds.stream()
                .filter(id -> key.equals(id) || key.startsWith(id + " (") || key.startsWith(id + " / "))
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    /** The rows of the run's current attempt by workflow job id, in file order. */
    static Map<String, List<Job>> byJob(Workflow workflow, List<Job> rows) {
        Map<String, List<Job>> out = new LinkedHashMap<>();
        for (var row : rows) {
            jobIdOf(row.key(), workflow.jobs().keySet())
                    .ifPresent(id ->
                            out.computeIfAbsent(id, k -> new ArrayList<>()).add(row));
        }
        return out;
    }

    /**
     * What "re-run failed" starts from: the jobs that did not succeed (failed, cancelled, timed out, or have no result),
     * and of a matrix job whose combinations ran, only the combinations that did not succeed (by key).
     */
    static Set<String> failed(Workflow workflow, Map<String, List<Job>> rows) {
        Set<String> out = new LinkedHashSet<>();
        for (var job : workflow.jobs().values()) {
            var mine = rows.getOrDefault(job.id(), List.of());
            var failed = mine.stream().filter(ReusedJobs::unsuccessful).toList();
            if (mine.isEmpty()
                    || !perCombination(job)
                    || failed.stream().anyMatch(r -> r.key().equals(job.id()))) {
                if (mine.isEmpty() || !failed.isEmpty()) {
                    out.add(job.id());
                }
            } else {
                failed.forEach(r -> out.add(r.key()));
            }
        }
        return out;
    }

    /**
     * What "re-run job" starts from for the row {@code key}: the combination itself for a matrix job's combination,
     * else its workflow job.
     */
    static Optional<String> seedOf(String key, Workflow workflow) {
        return jobIdOf(key, workflow.jobs().keySet())
                .map(id -> perCombination(workflow.jobs().get(id)) && !key.equals(id) ? key : id);
    }

    /**
     * Whole jobs and single matrix combinations to run again for {@code seeds} (job ids or combination keys): the
     * seeds, and every job that needs one of them, directly or not, as a whole.
     */
    static Again again(Workflow workflow, Set<String> seeds) {
        Set<String> seedJobs = new LinkedHashSet<>();
        Set<String> combinations = new LinkedHashSet<>();
        Set<String> whole = new LinkedHashSet<>();
        for (var seed : seeds) {
            var id = jobIdOf(seed, workflow.jobs().keySet()).orElse(seed);
            seedJobs.add(id);
            if (seed.equals(id)) {
                whole.add(id);
            } else {
                combinations.add(seed);
            }
        }
        var reached = withDependents(workflow, seedJobs);
        for (var job : workflow.jobs().values()) {
            if (reached.contains(job.id()) && job.needs().stream().anyMatch(reached::contains)) {
                whole.add(job.id());
            }
        }
        combinations.removeIf(
                key -> whole.contains(jobIdOf(key, workflow.jobs().keySet()).orElse(key)));
        return new Again(whole, combinations);
    }

    /**
     * What a re-run runs again.
     *
     * @param jobs workflow jobs run again as a whole
     * @param combinations keys of single matrix combinations run again while the job's other combinations are kept
     */
    record Again(Set<String> jobs, Set<String> combinations) {
        boolean runs(String jobId) {
            return jobs.contains(jobId);
        }
    }

    /** A matrix job (not a call of a reusable workflow) whose combinations are kept or run again one by one. */
    private static boolean perCombination(dev.slipway.workflow.Job job) {
        return RunFactory.hasMatrix(job) && !job.isCall();
    }

    private static boolean unsuccessful(Job row) {
        return row.status() != JobStatus.COMPLETED
                || row.conclusion()
                        .map(c -> c != Conclusion.SUCCESS && c != Conclusion.SKIPPED && c != Conclusion.NEUTRAL)
                        .orElse(true);
    }

    /** {@code seeds} and every job that needs one of them, directly or not. */
    private static Set<String> withDependents(Workflow workflow, Set<String> seeds) {
        Set<String> out = new LinkedHashSet<>(seeds);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var job : workflow.jobs().values()) {
                if (!out.contains(job.id()) && job.needs().stream().anyMatch(out::contains)) {
                    out.add(job.id());
                    grew = true;
                }
            }
        }
        return out;
    }

    /**
     * What the orchestrator takes instead of running: the jobs whose rows in the current attempt have all completed
     * before it started (a re-run of failed jobs carried them over), with their conclusion and outputs.
     */
    static Map<String, ReusedJob> completedBefore(Workflow workflow, List<Job> rows) {
        Map<String, ReusedJob> out = new LinkedHashMap<>();
        byJob(workflow, rows).forEach((id, mine) -> {
            if (perCombination(workflow.jobs().get(id))) {
                mine.stream()
                        .filter(r -> r.status() == JobStatus.COMPLETED)
                        .forEach(r -> out.put(r.key(), new ReusedJob(conclusion(List.of(r)), outputs(List.of(r)))));
            } else if (mine.stream().allMatch(r -> r.status() == JobStatus.COMPLETED)) {
                out.put(id, new ReusedJob(conclusion(mine), outputs(mine)));
            }
        });
        return out;
    }

    private static dev.slipway.runtime.Conclusion conclusion(List<Job> rows) {
        var conclusions = rows.stream()
                .map(r -> r.conclusion().orElse(Conclusion.FAILURE))
                .toList();
        if (conclusions.stream().anyMatch(c -> c == Conclusion.FAILURE || c == Conclusion.TIMED_OUT)) {
            return dev.slipway.runtime.Conclusion.FAILURE;
        }
        if (conclusions.contains(Conclusion.CANCELLED)) {
            return dev.slipway.runtime.Conclusion.CANCELLED;
        }
        if (conclusions.stream().allMatch(c -> c == Conclusion.SKIPPED)) {
            return dev.slipway.runtime.Conclusion.SKIPPED;
        }
        return dev.slipway.runtime.Conclusion.SUCCESS;
    }

    /** The outputs of the job's rows, later rows winning (as a matrix job's outputs on GitHub). */
    private static Map<String, String> outputs(List<Job> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var row : rows) {
            try {
                if (Values.fromJson(row.outputs()) instanceof Value.Obj obj) {
                    obj.fields().forEach((k, v) -> out.put(k, v instanceof Value.Str s ? s.value() : Values.toJson(v)));
                }
            } catch (ExprException e) {
                // outputs the store cannot read are dropped, as a job without outputs
            }
        }
        return out;
    }
}
