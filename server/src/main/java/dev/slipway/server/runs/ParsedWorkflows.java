package dev.slipway.server.runs;

import dev.slipway.git.WorkflowFile;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Workflow files parsed once per content. A file's blob id names its content, so the result of a path and blob id
 * never changes; every run that starts or ends reads the default branch's workflows for {@code on: workflow_run},
 * which without this parsed the same unchanged files at each of them. Bounded (least recently used go first);
 * thread-safe.
 */
final class ParsedWorkflows {
    private static final int MAX_ENTRIES = 256;

    private final Map<String, ParseResult<Workflow>> byContent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParseResult<Workflow>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The file parsed: from an earlier parse of the same path and blob, or now. */
    ParseResult<Workflow> parse(WorkflowFile file) {
        // the path is part of the key: diagnostics and the workflow's own path name it
        String key = file.sha() + ':' + file.path();
        synchronized (byContent) {
            var known = byContent.get(key);
            if (known != null) {
                return known;
            }
        }
        var parsed = WorkflowParser.parse(file.path(), file.content()); // outside the lock: parses run side by side
        synchronized (byContent) {
            byContent.put(key, parsed);
        }
        return parsed;
    }
}
