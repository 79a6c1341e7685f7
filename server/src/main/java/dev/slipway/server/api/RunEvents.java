package dev.slipway.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run's state as an {@link EventStream.Source}: a {@code status} event (JSON: the run's status and conclusion and
 * each job's) first and whenever it changes, then {@code end} once the run completed. Checks the database once a
 * second, not on every poll of the stream.
 */
public final class RunEvents implements EventStream.Source {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CHECK = Duration.ofSeconds(1);
    private final Database db;
    private final long runId;
    private String last = "";
    private Instant next = Instant.MIN;

    private RunEvents(Database db, long runId) {
        this.db = db;
        this.runId = runId;
    }

    public static RunEvents of(Database db, long runId) {
        return new RunEvents(db, runId);
    }

    @Override
    public boolean poll(EventStream stream) throws IOException {
        if (Instant.now().isBefore(next)) {
            return false;
        }
        next = Instant.now().plus(CHECK);
        var run = db.runs().find(runId);
        if (run.isEmpty()) {
            stream.send("end", "deleted", Optional.empty());
            return true;
        }
        var r = run.get();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", r.id());
        state.put("run_attempt", r.attempt());
        state.put(
                "status",
                r.status() == RunStatus.IN_PROGRESS && db.gates().anyWaiting(runId)
                        ? "waiting"
                        : Views.code(r.status()));
        state.put("conclusion", r.conclusion().map(Views::code).orElse(""));
        state.put(
                "jobs",
                db.jobs().listForRun(runId).stream()
                        .filter(j -> j.runAttempt() == r.attempt())
                        .map(j -> Map.of(
                                "id", j.id(),
                                "name", j.name(),
                                "status", Views.code(j.status()),
                                "conclusion", j.conclusion().map(Views::code).orElse("")))
                        .toList());
        var json = json(state);
        if (!json.equals(last)) {
            stream.send("status", json, Optional.empty());
            last = json;
        }
        if (r.status() == RunStatus.COMPLETED) {
            stream.send("end", state.get("conclusion").toString(), Optional.empty());
            return true;
        }
        return false;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run state", e);
        }
    }
}
