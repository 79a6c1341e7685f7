package dev.slipway.server.web;

import dev.slipway.expr.Values;
import dev.slipway.git.HostedRepo;
import dev.slipway.workflow.InputDef;
import dev.slipway.workflow.WorkflowParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workflows of a repository's default branch, for the runs list's sidebar and the dispatch form. */
final class Workflows {
    private Workflows() {}

    /**
     * A workflow file; {@code inputs} are its {@code workflow_dispatch} inputs in file order, {@code dispatchable}
     * whether it has that trigger at all. A file that does not parse is listed under its path, not dispatchable.
     */
    record Entry(String file, String path, String name, boolean dispatchable, Map<String, InputDef> inputs) {}

    static List<Entry> at(HostedRepo hosted, String ref) {
        if (hosted.isEmpty() || hosted.resolve(ref).isEmpty()) {
            return List.of();
        }
        return hosted.listWorkflowFiles(ref).stream()
                .map(f -> {
                    var parsed = WorkflowParser.parse(f.path(), f.content()).value();
                    var dispatch = parsed.flatMap(w -> Optional.ofNullable(w.on().get("workflow_dispatch")));
                    return new Entry(
                            f.fileName(),
                            f.path(),
                            parsed.map(w -> w.displayName()).orElse(f.path()),
                            dispatch.isPresent(),
                            dispatch.map(t -> t.inputs()).orElse(Map.of()));
                })
                .toList();
    }

    /** An input's default as the form shows it. */
    static String defaultText(InputDef input) {
        return input.defaultValue().map(Values::toStr).orElse("");
    }
}
