package dev.slipway.plan;

import dev.slipway.common.Diagnostic;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code needs} graph of a workflow's jobs: a stable topological order (among jobs that are ready, file order
 * first), the transitive ancestors of each job, and the problems: unknown needs and cycles (with the cycle's path).
 *
 * @param order job ids in topological order; jobs on a cycle or depending on one are left out
 * @param ancestors for every job id, the ids of all jobs it transitively needs, in topological order
 */
public record JobGraph(List<String> order, Map<String, List<String>> ancestors, List<Diagnostic> diagnostics) {

    public JobGraph {
        order = List.copyOf(order);
        ancestors = Map.copyOf(ancestors);
        diagnostics = List.copyOf(diagnostics);
    }

    /** Builds the graph of {@code workflow}'s jobs. */
    public static JobGraph of(Workflow workflow) {
        Map<String, Job> jobs = workflow.jobs();
        List<Diagnostic> diags = new ArrayList<>();
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (Job job : jobs.values()) {
            List<String> known = new ArrayList<>();
            for (String n : job.needs()) {
                if (jobs.containsKey(n)) {
                    known.add(n);
                } else {
                    diags.add(Diagnostic.error(
                            job.spanOf("needs"), "job '" + job.id() + "' needs unknown job '" + n + "'"));
                }
            }
            needs.put(job.id(), known);
        }
        List<String> order = topological(needs);
        if (order.size() < needs.size()) {
            cycle(needs, order)
                    .ifPresent(path -> diags.add(Diagnostic.error(
                            jobs.get(path.getFirst()).spanOf("needs"),
                            "jobs form a cycle: " + String.join(" -> ", path))));
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        Map<String, List<String>> ancestors = new LinkedHashMap<>();
        for (String id : order) {
            Set<String> all = new LinkedHashSet<>();
            for (String n : needs.get(id)) {
                all.addAll(ancestors.get(n));
                all.add(n);
            }
            ancestors.put(
                    id,
                    all.stream()
                            .sorted((a, b) -> Integer.compare(position.get(a), position.get(b)))
                            .toList());
        }
        return new JobGraph(order, ancestors, diags);
    }

    /** Whether every job could be ordered and all needs exist. */
    public boolean ok() {
        return diagnostics.isEmpty();
    }

    /** The transitive ancestors of {@code jobId}, empty for unknown ids or jobs on a cycle. */
    public List<String> ancestorsOf(String jobId) {
        return ancestors.getOrDefault(jobId, List.of());
    }

    private static List<String> topological(Map<String, List<String>> needs) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            // Each round takes the first ready job in file order, so order is stable and independent of hashing.
            for (Map.Entry<String, List<String>> e : needs.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    done.add(e.getKey());
                    order.add(e.getKey());
                    progress = true;
                    break;
                }
            }
        }
        return order;
    }

    /** A cycle among the jobs not ordered, as a path that ends where it starts. */
    private static Optional<List<String>> cycle(Map<String, List<String>> needs, List<String> ordered) {
        Set<String> left = new LinkedHashSet<>(needs.keySet());
        ordered.forEach(left::remove);
        for (String start : left) {
            List<String> path = new ArrayList<>();
            String cur = start;
            while (!path.contains(cur)) {
                path.add(cur);
                String c = cur;
                Optional<String> next =
                        needs.get(c).stream().filter(left::contains).findFirst();
                if (next.isEmpty()) {
                    break;
                }
                cur = next.get();
            }
            if (path.contains(cur)) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(cur), path.size()));
                loop.add(cur);
                return Optional.of(loop);
            }
        }
        return Optional.empty();
    }
}
