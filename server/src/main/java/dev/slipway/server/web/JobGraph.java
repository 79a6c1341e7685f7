package dev.slipway.server.web;

import dev.slipway.server.store.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's jobs as the run page draws them: a matrix job's rows ({@code test (18, linux)}) fold into one group, groups
 * stand in columns by the length of their {@code needs} chain, and each group names the groups it needs so the page
 * can draw the edges.
 */
final class JobGraph {
    private JobGraph() {}

    static List<RunModel.Column> of(List<Job> jobs, String runHref, Instant now) {
        Map<String, List<Job>> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.computeIfAbsent(RunRows.jobId(j.key()), k -> new ArrayList<>())
                .add(j));
        Map<String, List<String>> needs = new HashMap<>();
        byId.forEach((id, rows) -> needs.put(
                id, rows.getFirst().needs().stream().filter(byId::containsKey).toList()));
        Map<String, Integer> depth = new HashMap<>();
        var columns = new TreeMap<Integer, List<RunModel.Group>>();
        byId.forEach((id, rows) -> columns.computeIfAbsent(depth(id, needs, depth, 0), k -> new ArrayList<>())
                .add(group(id, rows, needs.get(id), runHref, now)));
        var out = new ArrayList<RunModel.Column>();
        columns.forEach((d, groups) -> out.add(new RunModel.Column(d + 1, groups)));
        return out;
    }

    private static RunModel.Group group(String id, List<Job> rows, List<String> needs, String runHref, Instant now) {
        var nodes = rows.stream()
                .map(j -> {
                    var row = RunRows.job(j, runHref, now);
                    return new RunModel.Node(id, row.name(), row.state(), row.stateLabel(), row.duration(), row.href());
                })
                .toList();
        boolean matrix = rows.size() > 1 || rows.getFirst().key().contains(" (");
        var state = state(nodes);
        var name = matrix ? id : nodes.getFirst().name();
        long done = nodes.stream()
                .filter(n -> !n.state().equals("running")
                        && !n.state().equals("queued")
                        && !n.state().equals("waiting"))
                .count();
        var label = matrix
                ? done + " of " + nodes.size() + " jobs done"
                : nodes.getFirst().stateLabel();
        return new RunModel.Group(id, name, state, label, needs, nodes, matrix);
    }

    /** A group's colour: running wins, then failure, waiting, cancelled; success only when all succeeded. */
    static String state(List<RunModel.Node> nodes) {
        for (var s : List.of("running", "failure", "queued", "waiting", "cancelled", "success")) {
            if (nodes.stream().anyMatch(n -> n.state().equals(s))) {
                return s;
            }
        }
        return "skipped";
    }

    private static int depth(String id, Map<String, List<String>> needs, Map<String, Integer> memo, int guard) {
        var known = memo.get(id);
        if (known != null) {
            return known;
        }
        int d = 0;
        if (guard < 64) { // the planner rejects cycles; this only stops a corrupt row from recursing forever
            for (var need : needs.getOrDefault(id, List.of())) {
                d = Math.max(d, depth(need, needs, memo, guard + 1) + 1);
            }
        }
        memo.put(id, d);
        return d;
    }
}
