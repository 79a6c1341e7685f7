package dev.slipway.cli;

import dev.slipway.plan.JobGraph;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Text forms of a workflow's jobs: {@code --list} and {@code --graph}. */
final class Graphs {
    private Graphs() {}

    /**
     * {@code wf} with only those of {@code jobIds} it has and the jobs they need (what {@code -j} runs); unchanged if it
     * has none of them.
     */
    static Workflow only(Workflow wf, java.util.Collection<String> jobIds) {
        List<String> own = jobIds.stream().filter(wf.jobs()::containsKey).toList();
        if (own.isEmpty()) {
            return wf;
        }
        java.util.Set<String> keep = new java.util.HashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(own);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (keep.add(id)) {
                todo.addAll(wf.jobs().get(id).needs());
            }
        }
        Map<String, Job> jobs = new java.util.LinkedHashMap<>();
        wf.jobs().forEach((id, j) -> {
            if (keep.contains(id)) {
                jobs.put(id, j);
            }
        });
        return new Workflow(
                wf.path(),
                wf.name(),
                wf.runName(),
                wf.on(),
                wf.env(),
                wf.defaults(),
                wf.concurrency(),
                jobs,
                wf.cacheMode(),
                wf.permissions(),
                wf.span());
    }

    /** One line per job: stage, id, name, needs. */
    static String list(Workflow wf) {
        return list(wf, Map.of(), Map.of());
    }

    /**
     * The jobs by stage, one line per instance a matrix in the file makes (named as the run names it, with {@code
     * contexts} and the {@code --matrix} filter); a matrix the run works out from other jobs' outputs is one line,
     * marked.
     */
    static String list(
            Workflow wf,
            Map<String, dev.slipway.expr.Value> contexts,
            Map<String, java.util.Set<String>> matrixFilter) {
        StringBuilder sb = new StringBuilder();
        sb.append(wf.displayName()).append(" (").append(wf.path()).append(")\n");
        sb.append(String.format("  %-6s %-28s %-32s %s%n", "STAGE", "JOB", "NAME", "NEEDS"));
        Map<String, Integer> stages = stages(wf);
        java.util.Set<String> leftOut = new java.util.HashSet<>();
        for (String id : JobGraph.of(wf).order()) {
            Job j = wf.jobs().get(id);
            String needs = j.needs().isEmpty() ? "-" : String.join(", ", j.needs());
            var why = dev.slipway.run.JobPreview.leftOut(j, contexts, leftOut);
            if (why.isPresent()) {
                leftOut.add(id);
                sb.append(String.format(
                        "  %-6d %-28s %-32s %s%n", stages.get(id), id, "(left out: " + why.get() + ")", needs));
                continue;
            }
            for (var row : dev.slipway.run.JobPreview.of(j, contexts, matrixFilter)) {
                String name =
                        row.known() || j.strategy().isEmpty() ? row.name() : row.name() + " (matrix from the run)";
                sb.append(String.format("  %-6d %-28s %-32s %s%n", stages.get(id), row.key(), name, needs));
            }
        }
        return sb.toString();
    }

    /** The jobs by stage (longest path from a root), with their needs edges. */
    static String draw(Workflow wf) {
        Map<String, Integer> stages = stages(wf);
        int max = stages.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        StringBuilder sb = new StringBuilder(wf.displayName()).append('\n');
        for (int s = 0; s <= max; s++) {
            List<String> row = new ArrayList<>();
            for (String id : JobGraph.of(wf).order()) {
                if (stages.get(id) == s) {
                    Job j = wf.jobs().get(id);
                    row.add(
                            j.needs().isEmpty()
                                    ? "[" + id + "]"
                                    : "[" + id + " ← " + String.join(", ", j.needs()) + "]");
                }
            }
            sb.append(s == 0 ? "  " : "  ↓\n  ").append(String.join("  ", row)).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Integer> stages(Workflow wf) {
        Map<String, Integer> stage = new HashMap<>();
        for (String id : JobGraph.of(wf).order()) {
            int s = 0;
            for (String n : wf.jobs().get(id).needs()) {
                s = Math.max(s, stage.getOrDefault(n, 0) + 1);
            }
            stage.put(id, s);
        }
        return stage;
    }
}
