package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's log streamed over SSE while the job prints: every line, in order, then the end; resumable. */
class LiveLogIT {
    private static final int LINES = 40;
    private static final String WORKFLOW = """
            name: ticks
            on: push
            jobs:
              tick:
                runs-on: ubuntu-latest
                steps:
                  - run: for i in $(seq 1 %d); do echo "tick $i"; sleep 0.05; done
            """.formatted(LINES);

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String gina;

    record Event(String name, String data, Optional<Long> id) {}

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        gina = server.userWithToken("gina");
        server.http.post("/api/v3/user/repos", "{\"name\":\"live\"}", Http.token(gina));
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/ticks.yml", WORKFLOW);
        git.run(work, "push", "-q", server.cloneUrl("gina/live", Optional.of(gina)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRunningJobsLogArrivesLineByLineInOrderAndTheStreamEndsWithTheJob() throws Exception {
        long jobId = firstJob();
        var events = read("/api/v3/repos/gina/live/actions/jobs/" + jobId + "/logs/stream", Optional.empty());
        assertThat(events.getLast()).isEqualTo(new Event("end", "success", Optional.empty()));
        var lines = events.stream().filter(e -> e.name().equals("line")).toList();
        var ids = lines.stream().map(e -> e.id().orElseThrow()).toList();
        assertThat(ids).isEqualTo(LongRange.of(1, lines.size()));
        var ticks = lines.stream()
                .map(Event::data)
                .filter(d -> d.startsWith("tick "))
                .toList();
        assertThat(ticks)
                .isEqualTo(IntStream.rangeClosed(1, LINES)
                        .mapToObj(i -> "tick " + i)
                        .toList());

        var after = 10L;
        var resumed = read(
                "/api/v3/repos/gina/live/actions/jobs/" + jobId + "/logs/stream", Optional.of(Long.toString(after)));
        var rest = resumed.stream().filter(e -> e.name().equals("line")).toList();
        assertThat(rest).isEqualTo(lines.subList((int) after, lines.size()));
    }

    @Test
    void runEventsReportStatusChangesUntilTheRunCompletes() throws Exception {
        firstJob();
        var runs = server.http
                .get("/api/v3/repos/gina/live/actions/runs", Http.token(gina))
                .json();
        long runId = runs.get("workflow_runs").get(0).get("id").asLong();
        var events = read("/api/v3/repos/gina/live/actions/runs/" + runId + "/events", Optional.empty());
        assertThat(events.getLast().name()).isEqualTo("end");
        var last = Http.JSON.readTree(events.get(events.size() - 2).data());
        assertThat(last.get("status").asText()).isEqualTo("completed");
        assertThat(last.get("jobs").get(0).get("conclusion").asText()).isEqualTo("success");
    }

    @Test
    void aBadLastEventIdIsNamed() {
        var r = server.http.get(
                "/api/v3/repos/gina/live/actions/jobs/" + firstJob() + "/logs/stream?after=soon", Http.token(gina));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("message").asText()).contains("Last-Event-ID");
    }

    private static long firstJob() {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var runs = server.http
                    .get("/api/v3/repos/gina/live/actions/runs", Http.token(gina))
                    .json();
            if (!runs.get("workflow_runs").isEmpty()) {
                long runId = runs.get("workflow_runs").get(0).get("id").asLong();
                var jobs = server.http
                        .get("/api/v3/repos/gina/live/actions/runs/" + runId + "/jobs", Http.token(gina))
                        .json()
                        .get("jobs");
                if (!jobs.isEmpty()) {
                    return jobs.get(0).get("id").asLong();
                }
            }
            sleep();
        }
        throw new AssertionError("no job started");
    }

    /** Reads a whole event stream (bounded: the server ends it when the job does; the client gives up after 2 min). */
    private static List<Event> read(String path, Optional<String> lastEventId)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .header("Authorization", Http.token(gina))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2));
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        var events = new ArrayList<Event>();
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            var data = new ArrayList<String>();
            Optional<Long> id = Optional.empty();
            for (var line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, String.join("\n", data), id));
                    }
                    name = "message";
                    data.clear();
                    id = Optional.empty();
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                } else if (line.startsWith("id: ")) {
                    id = Optional.of(Long.parseLong(line.substring(4)));
                }
            }
        }
        return events;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final class LongRange {
        static List<Long> of(long from, long to) {
            return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
        }
    }
}
