package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow-level {@code concurrency:} across runs, as on GitHub: one running and one pending run per group (rendered
 * with the run's inputs); a newer run cancels the pending one, and with {@code cancel-in-progress} the running one.
 * Each run's step marks that it started and waits until the test releases its target (bounded).
 */
class ConcurrencyIT {
    private static final String RUNS = "/api/v3/repos/hal/svc/actions/runs";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String hal;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        hal = server.userWithToken("hal");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\"}", Http.token(hal));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var workflow = """
                name: deploy
                on:
                  workflow_dispatch:
                    inputs:
                      target: {required: true}
                      cancel: {default: 'false'}
                concurrency:
                  group: deploy-${{ inputs.target == 'each' && github.run_id || inputs.target }}
                  cancel-in-progress: ${{ inputs.cancel == 'true' }}
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          touch "DIR/started-${{ github.run_number }}"
                          for i in $(seq 1 1200); do
                            [ -f "DIR/release-${{ inputs.target }}" ] && exit 0
                            sleep 0.1
                          done
                          exit 1
                """.replace("DIR", dir.toString());
        var queued = """
                name: queue
                on:
                  workflow_dispatch:
                    inputs:
                      target: {required: true}
                      cancel: {default: 'false'}
                concurrency:
                  group: queue-${{ inputs.target }}
                  queue: max
                  cancel-in-progress: ${{ inputs.cancel == 'true' }}
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          touch "DIR/started-${{ github.run_number }}"
                          echo "${{ github.run_number }}" >> "DIR/order-${{ inputs.target }}"
                          for i in $(seq 1 1200); do
                            [ -f "DIR/release-${{ inputs.target }}" ] && exit 0
                            sleep 0.1
                          done
                          exit 1
                """.replace("DIR", dir.toString());
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/deploy.yml", workflow, ".github/workflows/queue.yml", queued);
        git.run(work, "push", "-q", server.cloneUrl("hal/svc", Optional.of(hal)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewerRunCancelsThePendingOneAndWaitsForTheRunningOneOfItsGroup() throws Exception {
        var a = dispatch("prod", false);
        awaitStarted(a);
        var b = dispatch("prod", false);
        // the workers are offered b at once; give them time to try (a bounded pause, not a timing assertion)
        Thread.sleep(2000);
        assertThat(run(b).get("status").asText())
                .as("b while a runs; %s", logs())
                .isEqualTo("queued");
        assertThat(started(b)).isFalse();

        var c = dispatch("prod", false);
        var cancelled = awaitCompleted(b);
        assertThat(cancelled.get("conclusion").asText()).as("b; %s", logs()).isEqualTo("cancelled");
        assertThat(started(b)).isFalse();
        assertThat(run(c).get("status").asText()).isEqualTo("queued");

        Files.createFile(dir.resolve("release-prod"));
        assertThat(awaitCompleted(a).get("conclusion").asText()).isEqualTo("success");
        assertThat(awaitCompleted(c).get("conclusion").asText()).isEqualTo("success");
        assertThat(started(c)).isTrue();
    }

    @Test
    void withQueueMaxEveryRunWaitsItsTurnInTheOrderItCame() throws Exception {
        var a = dispatch("queue.yml", "q", false);
        awaitStarted(a);
        var b = dispatch("queue.yml", "q", false);
        var c = dispatch("queue.yml", "q", false);
        var d = dispatch("queue.yml", "q", false);
        // the workers are offered them at once; give them time to try (a bounded pause, not a timing assertion)
        Thread.sleep(1500);
        for (long waiting : new long[] {b, c, d}) {
            assertThat(run(waiting).get("status").asText())
                    .as("%d; %s", waiting, logs())
                    .isEqualTo("queued");
        }
        Files.createFile(dir.resolve("release-q"));
        for (long id : new long[] {a, b, c, d}) {
            assertThat(awaitCompleted(id).get("conclusion").asText())
                    .as("%d; %s", id, logs())
                    .isEqualTo("success");
        }
        var numbers = java.util.stream.LongStream.of(a, b, c, d)
                .mapToObj(id -> Long.toString(run(id).get("run_number").asLong()))
                .toList();
        assertThat(Files.readAllLines(dir.resolve("order-q"))).containsExactlyElementsOf(numbers);
    }

    @Test
    void queueMaxWithCancelInProgressCancelsTheNewRunSayingWhy() throws Exception {
        var bad = dispatch("queue.yml", "bad", true);
        var run = awaitCompleted(bad);
        assertThat(run.get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(started(bad)).isFalse();
    }

    @Test
    void cancelInProgressCancelsTheRunningRun() throws Exception {
        var first = dispatch("qa", false);
        awaitStarted(first);
        var second = dispatch("qa", true);
        assertThat(awaitCompleted(first).get("conclusion").asText()).isEqualTo("cancelled");
        awaitStarted(second);
        Files.createFile(dir.resolve("release-qa"));
        assertThat(awaitCompleted(second).get("conclusion").asText()).isEqualTo("success");
    }

    @Test
    void aGroupNamedAfterTheRunIdHoldsOnlyThatRun() throws Exception {
        var one = dispatch("each", false);
        awaitStarted(one);
        var two = dispatch("each", false);
        awaitStarted(two);
        assertThat(run(one).get("status").asText()).isEqualTo("in_progress");
        Files.createFile(dir.resolve("release-each"));
        assertThat(awaitCompleted(one).get("conclusion").asText()).isEqualTo("success");
        assertThat(awaitCompleted(two).get("conclusion").asText()).isEqualTo("success");
    }

    /** Dispatches a run and returns its id: the one run that was not listed before. */
    private static long dispatch(String target, boolean cancel) {
        return dispatch("deploy.yml", target, cancel);
    }

    private static long dispatch(String workflow, String target, boolean cancel) {
        var before = ids();
        var r = server.http.post(
                "/api/v3/repos/hal/svc/actions/workflows/" + workflow + "/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"target\":\"" + target + "\",\"cancel\":\"" + cancel + "\"}}",
                Http.token(hal));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        var after = ids();
        after.removeAll(before);
        assertThat(after).as("runs created by one dispatch").hasSize(1);
        return after.iterator().next();
    }

    private static java.util.Set<Long> ids() {
        var out = new java.util.HashSet<Long>();
        server.http
                .get(RUNS + "?per_page=100", Http.token(hal))
                .json()
                .get("workflow_runs")
                .forEach(run -> out.add(run.get("id").asLong()));
        return out;
    }

    private static String logs() {
        var out = new StringBuilder();
        for (var run : server.http.get(RUNS, Http.token(hal)).json().get("workflow_runs")) {
            out.append("\n== run ")
                    .append(run.get("id"))
                    .append(' ')
                    .append(run.get("status"))
                    .append(' ');
            for (var job : server.http
                    .get(RUNS + "/" + run.get("id").asLong() + "/jobs", Http.token(hal))
                    .json()
                    .get("jobs")) {
                out.append(job.toString()).append('\n');
                out.append(server.http
                        .get(
                                "/api/v3/repos/hal/svc/actions/jobs/"
                                        + job.get("id").asLong() + "/logs",
                                Http.token(hal))
                        .body());
            }
        }
        return out.toString();
    }

    private static JsonNode run(long id) {
        return server.http.get(RUNS + "/" + id, Http.token(hal)).json();
    }

    private static boolean started(long id) {
        return Files.exists(dir.resolve("started-" + run(id).get("run_number").asLong()));
    }

    /** Bounded waits (3 minutes), not timing assertions. */
    private static void awaitStarted(long id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!started(id)) {
            assertThat(Instant.now())
                    .as(
                            "run %d did not start; all runs: %s",
                            id, server.http.get(RUNS, Http.token(hal)).body())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode awaitCompleted(long id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            var run = run(id);
            if (run.get("status").asText().equals("completed")) {
                return run;
            }
            assertThat(Instant.now()).as("run %d did not complete: %s", id, run).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
