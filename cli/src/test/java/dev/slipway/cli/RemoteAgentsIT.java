package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.DispatchConfig;
import dev.slipway.server.agents.AgentHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server without an embedded agent and {@code slipway agent} processes on 127.0.0.1: jobs go to the agent with
 * their labels, a killed agent's job is requeued on another, a network cut loses no log line, cancellation reaches the
 * agent, and the per-repository limit holds.
 */
class RemoteAgentsIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int REPO_LIMIT = 3;
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static ServerHarness server;
    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = ServerHarness.start(dir, new DispatchConfig(new AgentHub.Settings(LEASE, REPO_LIMIT), false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (var a : agents) {
            a.close();
        }
    }

    private AgentProcess agent(String name, String labels, String... extra) throws Exception {
        return agentVia(server.url(), name, labels, extra);
    }

    private AgentProcess agentVia(String url, String name, String labels, String... extra) throws Exception {
        var a = AgentProcess.start(dir.resolve("agents"), url, server.registrationToken(), name, labels, extra);
        agents.add(a);
        return a;
    }

    private static String workflow(String jobs) {
        return "on: push\njobs:\n" + jobs;
    }

    @Test
    void jobsGoToTheAgentWithTheirLabelsCheckOutThePrivateRepositoryAndUseTheServersActions() throws Exception {
        agent("red-agent", "red");
        agent("blue-agent", "blue");
        server.repo("shared", false, "tool.txt", "a public tool of the server", "greet/action.yml", """
                runs:
                  using: composite
                  steps:
                    - run: echo "greeted by the server's action, ${{ inputs.who }}"
                      shell: bash
                inputs:
                  who: {required: true}
                """);
        server.repo("labels", ".github/workflows/ci.yml", workflow("""
                          red:
                            runs-on: red
                            steps:
                              - uses: actions/checkout@v4
                              - run: cat greeting.txt
                              - uses: actions/checkout@v4
                                with:
                                  repository: dev/shared
                                  path: shared
                              - run: cat shared/tool.txt
                              - uses: dev/shared/greet@main
                                with: {who: red}
                              - uses: actions/cache@v4
                                with:
                                  path: cached
                                  key: remote-cache-1
                              - run: mkdir -p cached && echo "from the cache" > cached/c.txt
                              - run: echo "from the artifact" > out.txt
                              - uses: actions/upload-artifact@v4
                                with:
                                  name: out
                                  path: out.txt
                              - run: echo "kept as it is" > raw.txt
                              - uses: actions/upload-artifact@v7
                                with:
                                  path: raw.txt
                                  archive: false
                          blue:
                            needs: red
                            runs-on: [blue]
                            steps:
                              - run: echo "blue job on $RUNNER_NAME"
                              - run: |
                                  git ls-remote "http://x-access-token:$TOKEN@${SERVER#http://}/dev/labels.git" | grep -c refs/heads/main
                                  own=$(curl -s -o /dev/null -w '%{http_code}' -u "x:$TOKEN" "$SERVER/v2/dev/labels/app/tags/list")
                                  other=$(curl -s -o /dev/null -w '%{http_code}' -u "x:$TOKEN" "$SERVER/v2/dev/someone-else/tags/list")
                                  echo "registry: own $own other $other"
                                env:
                                  SERVER: ${{ github.server_url }}
                                  TOKEN: ${{ secrets.GITHUB_TOKEN }}
                              - uses: actions/download-artifact@v4
                                with:
                                  name: out
                              - run: cat out.txt
                              - uses: actions/download-artifact@v8
                                with:
                                  name: raw.txt
                                  path: raw
                              - run: cat raw/raw.txt
                              - uses: actions/cache@v4
                                with:
                                  path: cached
                                  key: remote-cache-1
                              - run: cat cached/c.txt
                        """), "greeting.txt", "hello from the repository");
        var run = server.onlyRun("labels");
        var done = server.completed("labels", run.get("id").asLong(), LONG);

        var jobs = server.jobs("labels", run.get("id").asLong());
        assertThat(done.get("conclusion").asText()).as(logs("labels", jobs)).isEqualTo("success");
        assertThat(byName(jobs, "red").get("runner_name").asText()).isEqualTo("red-agent");
        assertThat(byName(jobs, "blue").get("runner_name").asText()).isEqualTo("blue-agent");
        assertThat(server.log("labels", byName(jobs, "red").get("id").asLong()))
                .contains("hello from the repository")
                .contains("a public tool of the server")
                .contains("greeted by the server's action, red");
        assertThat(server.log("labels", byName(jobs, "blue").get("id").asLong()))
                .contains("blue job on blue-agent")
                .contains("Downloading raw file (non-zip) to:")
                .contains("kept as it is");

        var listed = server.admin("GET", "/api/v3/admin/runners", "");
        assertThat(listed.get("runners").findValuesAsText("name")).contains("red-agent", "blue-agent");
    }

    @Test
    void aKilledAgentsJobIsRequeuedOnTheOther() throws Exception {
        var first = agent("kill-1", "kill");
        var second = agent("kill-2", "kill");
        server.repo("kill", ".github/workflows/ci.yml", workflow("""
                          slow:
                            runs-on: kill
                            steps:
                              - run: echo started; sleep 4; echo finished
                        """));
        var run = server.onlyRun("kill");
        long runId = run.get("id").asLong();
        var leased = ServerHarness.await(
                () -> server.jobs("kill", runId).get(0),
                j -> j.get("status").asText().equals("in_progress")
                        && !j.get("runner_name").isNull(),
                LONG);
        var holder = leased.get("runner_name").asText().equals(first.name) ? first : second;
        var other = holder == first ? second : first;
        holder.kill();

        var done = server.completed("kill", runId, LONG);
        var job = server.jobs("kill", runId).get(0);
        var log = server.log("kill", job.get("id").asLong());
        assertThat(done.get("conclusion").asText()).as(log).isEqualTo("success");
        assertThat(job.get("runner_name").asText()).isEqualTo(other.name);
        assertThat(log).contains("stopped responding; the job was queued again").contains("finished");
    }

    @Test
    void aNetworkCutLosesNoLogLine() throws Exception {
        try (var proxy = new CuttableProxy(server.server.port())) {
            agentVia("http://127.0.0.1:" + proxy.port(), "net-agent", "net");
            server.repo("net", ".github/workflows/ci.yml", workflow("""
                              lines:
                                runs-on: net
                                steps:
                                  - run: for i in $(seq 1 300); do echo line-$i; sleep 0.01; done
                            """));
            long runId = server.onlyRun("net").get("id").asLong();
            var job = ServerHarness.await(
                    () -> server.jobs("net", runId).get(0),
                    j -> j.get("status").asText().equals("in_progress"),
                    LONG);
            long jobId = job.get("id").asLong();
            ServerHarness.await(() -> server.log("net", jobId), l -> l.contains("line-20\n"), LONG);
            proxy.cut();
            Thread.sleep(1_500);
            proxy.resume();

            var done = server.completed("net", runId, LONG);
            var lines = server.log("net", jobId)
                    .lines()
                    .filter(l -> l.startsWith("line-"))
                    .toList();
            assertThat(done.get("conclusion").asText()).isEqualTo("success");
            assertThat(lines)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 300)
                            .mapToObj(i -> "line-" + i)
                            .toList());
        }
    }

    @Test
    void cancellationReachesTheAgentAndKillsTheStep() throws Exception {
        agent("cancel-agent", "cancel");
        server.repo("cancel", ".github/workflows/ci.yml", workflow("""
                          sleepy:
                            runs-on: cancel
                            steps:
                              - run: echo going to sleep; sleep 61.25
                        """));
        long runId = server.onlyRun("cancel").get("id").asLong();
        ServerHarness.await(
                () -> server.jobs("cancel", runId).get(0),
                j -> j.get("status").asText().equals("in_progress")
                        && server.log("cancel", j.get("id").asLong()).contains("going to sleep"),
                LONG);
        ServerHarness.await(RemoteAgentsIT::sleeping, n -> n > 0, LONG);

        server.cancel("cancel", runId);

        var done = server.completed("cancel", runId, Duration.ofSeconds(30));
        assertThat(done.get("conclusion").asText()).isEqualTo("cancelled");
        ServerHarness.await(RemoteAgentsIT::sleeping, n -> n == 0, Duration.ofSeconds(10));
    }

    @Test
    void aCancelledRunLetsTheRunningAlwaysStepOnTheAgentFinishAsOnGitHub() throws Exception {
        agent("cleanup-agent", "cleanup");
        server.repo("cleanup", ".github/workflows/ci.yml", workflow("""
                          cleanup:
                            runs-on: cleanup
                            steps:
                              - if: always()
                                run: echo cleaning; sleep 1.5; echo cleaned-up
                              - run: echo never
                        """));
        long runId = server.onlyRun("cleanup").get("id").asLong();
        ServerHarness.await(
                () -> server.jobs("cleanup", runId).get(0),
                j -> j.get("status").asText().equals("in_progress")
                        && server.log("cleanup", j.get("id").asLong()).contains("cleaning"),
                LONG);

        server.cancel("cleanup", runId);

        var done = server.completed("cleanup", runId, Duration.ofSeconds(30));
        assertThat(done.get("conclusion").asText()).isEqualTo("cancelled");
        long jobId = server.jobs("cleanup", runId).get(0).get("id").asLong();
        assertThat(server.log("cleanup", jobId).lines()).contains("cleaned-up").doesNotContain("never");
    }

    private static long sleeping() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 61.25"))
                .count();
    }

    @Test
    void oneRepositoryNeverRunsMoreThanItsLimitOfJobs() throws Exception {
        agent("limit-1", "limit", "--capacity", "4");
        agent("limit-2", "limit", "--capacity", "4");
        var combos = IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).toList();
        server.repo("limit", ".github/workflows/ci.yml", workflow("""
                          many:
                            runs-on: limit
                            strategy:
                              matrix:
                                n: [%s]
                            steps:
                              - run: sleep 0.2
                        """.formatted(String.join(", ", combos))));
        long runId = server.onlyRun("limit").get("id").asLong();
        int most = 0;
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!server.run("limit", runId).get("status").asText().equals("completed")) {
            assertThat(System.nanoTime()).as("the run ends in time").isLessThan(deadline);
            int running = 0;
            for (var j : server.jobs("limit", runId)) {
                running += j.get("status").asText().equals("in_progress") ? 1 : 0;
            }
            most = Math.max(most, running);
            assertThat(running).isLessThanOrEqualTo(REPO_LIMIT);
            Thread.sleep(20);
        }
        var jobs = server.jobs("limit", runId);
        assertThat(jobs).hasSize(50);
        assertThat(field(jobs, "conclusion")).containsOnly("success");
        assertThat(most).as("jobs ran in parallel").isGreaterThan(1);
    }

    @Test
    void anEphemeralAgentTakesOneJobAndExits() throws Exception {
        var once = agent("once-agent", "once", "--once");
        server.repo("once", ".github/workflows/ci.yml", workflow("""
                          first:
                            runs-on: once
                            steps:
                              - run: echo one
                          second:
                            runs-on: once
                            steps:
                              - run: echo two
                        """));
        long runId = server.onlyRun("once").get("id").asLong();
        assertThat(once.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                .as(once.log())
                .isTrue();
        var jobs = server.jobs("once", runId);
        assertThat(field(jobs, "status")).as(jobs.toString()).containsExactlyInAnyOrder("completed", "queued");
        server.cancel("once", runId);
        assertThat(server.completed("once", runId, LONG).get("conclusion").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void administratorsSeeDisableAndRemoveAgents() throws Exception {
        var agent = agent("admin-agent", "adm");
        var listed = ServerHarness.await(
                () -> server.admin("GET", "/api/v3/admin/runners", ""),
                l -> l.get("runners").findValuesAsText("name").contains("admin-agent"),
                LONG);
        var id = -1L;
        for (var r : listed.get("runners")) {
            if (r.get("name").asText().equals("admin-agent")) {
                id = r.get("id").asLong();
                assertThat(r.get("labels").findValuesAsText("name")).containsExactly("adm");
                assertThat(r.get("capacity").asInt()).isEqualTo(1);
                assertThat(r.get("status").asText()).isEqualTo("idle");
            }
        }
        assertThat(server.webPage("/-/agents"))
                .contains("admin-agent")
                .contains("adm")
                .contains("New registration token");

        assertThat(server.admin("PATCH", "/api/v3/admin/runners/" + id, "{\"disabled\":true}")
                        .get("status")
                        .asText())
                .isEqualTo("disabled");
        server.repo("admin", ".github/workflows/ci.yml", workflow("""
                          one:
                            runs-on: adm
                            steps:
                              - run: echo ran
                        """));
        long runId = server.onlyRun("admin").get("id").asLong();
        Thread.sleep(1_500);
        assertThat(server.jobs("admin", runId).get(0).get("status").asText()).isEqualTo("queued");

        server.admin("PATCH", "/api/v3/admin/runners/" + id, "{\"disabled\":false}");
        assertThat(server.completed("admin", runId, LONG).get("conclusion").asText())
                .isEqualTo("success");

        server.admin("DELETE", "/api/v3/admin/runners/" + id, "");
        assertThat(server.admin("GET", "/api/v3/admin/runners", "")
                        .get("runners")
                        .findValuesAsText("name"))
                .doesNotContain("admin-agent");
        ServerHarness.await(agent::log, l -> l.contains("unknown agent credential"), LONG);
    }

    private static List<String> field(JsonNode jobs, String name) {
        var values = new ArrayList<String>();
        jobs.forEach(j -> values.add(j.get(name).asText()));
        return values;
    }

    private static JsonNode byName(JsonNode jobs, String name) {
        for (var j : jobs) {
            if (j.get("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name + " in " + jobs);
    }

    private String logs(String repo, JsonNode jobs) {
        var sb = new StringBuilder();
        for (var j : jobs) {
            sb.append(j.get("name").asText())
                    .append(":\n")
                    .append(server.log(repo, j.get("id").asLong()));
        }
        agents.forEach(a -> sb.append("\n").append(a.name).append(" output:\n").append(a.log()));
        return sb.toString();
    }
}
