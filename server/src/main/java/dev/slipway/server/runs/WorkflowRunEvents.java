package dev.slipway.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code workflow_run} event of a run that was requested, started or completed, as GitHub sends it to the workflows
 * of the default branch: the upstream run in {@code workflow_run}, its workflow in {@code workflow}. GitHub chains
 * workflows by this event at most three levels deep; {@link #depth} counts them.
 */
public final class WorkflowRunEvents {
    /** Runs of runs of runs: a fourth {@code workflow_run} level is not started, as on GitHub. */
    static final int MAX_DEPTH = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowRunEvents() {}

    /**
     * The payload of activity {@code action} of {@code run}, whose {@code workflow_run} object {@link #run} made, in
     * {@code repository}.
     */
    static Value.Obj payload(Map<String, @Nullable Object> r, Run run, String action, Value.Obj repository) {
        var workflowId = r.get("workflow_id");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", action);
        payload.put("workflow_run", r);
        payload.put(
                "workflow",
                Map.of(
                        "id",
                        java.util.Objects.requireNonNull(workflowId),
                        "name",
                        run.name(),
                        "path",
                        run.workflowPath(),
                        "state",
                        "active"));
        payload.put("sender", Map.of("login", run.actor(), "type", "User"));
        try {
            var obj = (Value.Obj) Values.fromJson(JSON.writeValueAsString(payload));
            var fields = new LinkedHashMap<>(obj.fields());
            fields.put("repository", repository);
            return new Value.Obj(fields);
        } catch (JsonProcessingException | dev.slipway.expr.ExprException e) {
            throw new IllegalStateException("cannot make the workflow_run payload of run " + run.id(), e);
        }
    }

    /** The {@code workflow_run} object of {@code run}: the REST API's run, as events and webhooks carry it. */
    public static Map<String, @Nullable Object> run(Database db, Repo repo, Run run, String serverUrl) {
        long workflowId = db.workflows().ensure(repo.id(), run.workflowPath()).id();
        var api = serverUrl + "/api/v3/repos/" + repo.fullName();
        Map<String, @Nullable Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        r.put("name", run.name());
        r.put("display_title", run.displayTitle());
        r.put("path", run.workflowPath());
        r.put("workflow_id", workflowId);
        r.put("run_number", run.number());
        r.put("run_attempt", run.attempt());
        r.put("event", run.event());
        r.put("status", code(run.status()));
        r.put("conclusion", run.conclusion().map(WorkflowRunEvents::code).orElse(null));
        r.put("head_branch", run.headBranch().orElse(null));
        r.put("head_sha", run.sha());
        r.put("actor", Map.of("login", run.actor()));
        r.put("triggering_actor", Map.of("login", run.actor()));
        r.put("pull_requests", List.of());
        r.put("created_at", run.created().toString());
        r.put("run_started_at", run.started().map(Object::toString).orElse(null));
        r.put(
                "updated_at",
                run.completed().or(run::started).orElse(run.created()).toString());
        r.put("url", api + "/actions/runs/" + run.id());
        r.put("html_url", serverUrl + "/" + repo.fullName() + "/actions/runs/" + run.id());
        return r;
    }

    /**
     * How many {@code workflow_run} events led to {@code run}: 0 for a run of any other event, 1 for one started by
     * the completion of such a run, and so on (followed through the stored payloads).
     */
    static int depth(Database db, Run run) {
        int depth = 0;
        Optional<Run> at = Optional.of(run);
        while (at.isPresent() && at.get().event().equals("workflow_run") && depth <= MAX_DEPTH) {
            depth++;
            at = upstream(at.get()).flatMap(id -> db.runs().find(id));
        }
        return depth;
    }

    private static Optional<Long> upstream(Run run) {
        try {
            var id = JSON.readTree(run.eventPayload()).path("workflow_run").path("id");
            return id.canConvertToLong() ? Optional.of(id.asLong()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A status or conclusion as the API writes it ({@code in_progress}, {@code timed_out}). */
    public static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
