package dev.slipway.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Checks {@code needs:} across jobs: unknown jobs and dependency cycles. */
final class JobGraph {
    private JobGraph() {}

    /**
     * @param needs for each job id, the {@code needs} node (absent when the job has none)
     */
    static void check(Ctx ctx, Map<String, Optional<Node>> needs) {
        Map<String, List<String>> edges = new HashMap<>();
        for (Map.Entry<String, Optional<Node>> e : needs.entrySet()) {
            List<String> targets = new ArrayList<>();
            e.getValue().ifPresent(n -> {
                for (Node item : Nodes.items(n)) {
                    if (!(item instanceof ScalarNode s) || Nodes.isNull(s)) {
                        continue; // reported as a type error by the job parser
                    }
                    String target = Nodes.text(s);
                    if (needs.containsKey(target)) {
                        targets.add(target);
                    } else {
                        ctx.error(
                                s,
                                "job '" + e.getKey() + "' needs unknown job '" + target + "'"
                                        + Suggest.hint(target, needs.keySet()));
                    }
                }
            });
            edges.put(e.getKey(), targets);
        }
        for (String job : needs.keySet()) {
            shortestCycle(job, edges)
                    .ifPresent(cycle -> ctx.error(
                            needs.get(job).map(ctx::span).orElseThrow(),
                            "job '" + job + "' is part of a dependency cycle: " + String.join(" -> ", cycle)));
        }
    }

    /** The shortest path from {@code start} back to itself, by breadth-first search. */
    private static Optional<List<String>> shortestCycle(String start, Map<String, List<String>> edges) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : edges.getOrDefault(at, List.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    path.add(start);
                    for (String p = at; !p.equals(start); p = parent.get(p)) {
                        path.add(1, p);
                    }
                    path.add(start);
                    return Optional.of(path);
                }
                if (seen.add(next)) {
                    parent.put(next, at);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }
}
