package dev.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.agent.Agent;
import dev.slipway.agent.HttpChannel;
import dev.slipway.agent.RemoteSetup;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.DispatchConfig;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.agents.AgentHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Job dispatch to remote agents: a server without an embedded agent and two agents talking HTTP to it (in this JVM,
 * each with its own channel, repository mirror and capacity). After a warm-up run, a chain of 60 trivial jobs (each
 * needs the one before, so each is queued while the agents are idle) gives the dispatch latency: how long after a job
 * completed the next one started on an agent. Then one run of {@code JOBS} trivial jobs ({@code run: "true"}, four
 * jobs with a matrix each) gives the throughput: jobs / run duration.
 *
 * <p>Usage: {@code AgentDispatchBench WORKDIR [JOBS] [CAPACITY]}.
 */
public final class AgentDispatchBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("root:root-password-1".getBytes(StandardCharsets.UTF_8));

    private AgentDispatchBench() {}

    public static void main(String[] args) throws Exception {
        var dir = Path.of(args[0]).toAbsolutePath();
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withAdmin(new ServerConfig.AdminAccount("root", "root-password-1"));
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (var server = SlipwayServer.start(
                config,
                () -> Platforms.hostDefaults(HostExecutor.create()),
                quiet,
                new DispatchConfig(new AgentHub.Settings(Duration.ofSeconds(30), 10_000), false))) {
            var url = server.url();
            var agents = new ArrayList<Agent>();
            var threads = new ArrayList<Thread>();
            for (var name : List.of("bench-1", "bench-2")) {
                var token = post(url, "/api/v3/admin/runners/registration-token", "")
                        .get("token")
                        .asText();
                var credential = HttpChannel.register(url, token, name, Set.of("bench"), capacity, "bench");
                var platforms = Platforms.builder()
                        .executor(HostExecutor.create())
                        .map("bench", "host")
                        .build();
                var runtime = RuntimeOptions.defaults().withRunnerName(name);
                var agent = new Agent(
                        new HttpChannel(url, credential),
                        platforms,
                        new RemoteSetup(url, dir.resolve(name).resolve("repos"), runtime),
                        dir.resolve(name),
                        new Agent.Options(Set.of("bench"), capacity, false, Duration.ofSeconds(30)));
                agents.add(agent);
                threads.add(Thread.ofVirtual().start(agent::run));
            }
            post(url, "/api/v3/user/repos", "{\"name\":\"warmup\"}");
            post(url, "/api/v3/user/repos", "{\"name\":\"chain\"}");
            post(url, "/api/v3/user/repos", "{\"name\":\"bench\"}");
            var warm = push(url, dir, "warmup", matrix(40));
            await(url, "warmup", warm);
            var chain = push(url, dir, "chain", chain(CHAIN));
            await(url, "chain", chain);
            var gaps = gaps(url, "chain", chain);
            var start = Instant.now();
            var run = push(url, dir, "bench", matrix(jobs));
            var done = await(url, "bench", run);
            var wall = Duration.between(start, Instant.now());
            var runTime = Duration.between(
                    Instant.parse(done.get("run_started_at").asText()),
                    Instant.parse(done.get("updated_at").asText()));
            var metrics = get(url, "/metrics");
            System.out.printf(
                    Locale.ROOT,
                    "jobs=%d agents=2 capacity=%d conclusion=%s%n",
                    jobs,
                    capacity,
                    done.get("conclusion").asText());
            System.out.printf(
                    Locale.ROOT,
                    "idle-agent dispatch (previous job completed -> next job started on an agent, %d chained jobs):"
                            + " p50_ms=%d p95_ms=%d max_ms=%d%n",
                    gaps.size() + 1,
                    gaps.get(gaps.size() / 2),
                    gaps.get((int) Math.ceil(gaps.size() * 0.95) - 1),
                    gaps.getLast());
            System.out.printf(
                    Locale.ROOT,
                    "under load (/metrics, all phases, includes waiting for a free slot): queued->first event"
                            + " p50_ms=%.1f p95_ms=%.1f%n",
                    quantile(metrics, "slipway_job_dispatch_latency_seconds", "0.5") * 1000,
                    quantile(metrics, "slipway_job_dispatch_latency_seconds", "0.95") * 1000);
            System.out.printf(
                    Locale.ROOT,
                    "run_seconds=%.2f wall_seconds=%.2f jobs_per_second=%.1f%n",
                    runTime.toMillis() / 1000.0,
                    wall.toMillis() / 1000.0,
                    jobs * 1000.0 / Math.max(1, runTime.toMillis()));
            agents.forEach(Agent::stop);
            for (var t : threads) {
                t.join(30_000);
            }
        }
    }

    private static final int CHAIN = 60;

    /** {@code jobs} trivial jobs: four jobs with a matrix each. */
    private static String matrix(int jobs) {
        var yaml = new StringBuilder("on: push\njobs:\n");
        int groups = 4;
        for (int g = 0; g < groups; g++) {
            int n = jobs / groups + (g < jobs % groups ? 1 : 0);
            var items = new ArrayList<String>();
            for (int i = 1; i <= n; i++) {
                items.add(Integer.toString(i));
            }
            yaml.append("  j")
                    .append(g)
                    .append(":\n    runs-on: bench\n    strategy:\n      matrix:\n        n: [")
                    .append(String.join(", ", items))
                    .append("]\n    steps:\n      - run: \"true\"\n");
        }
        return yaml.toString();
    }

    /** {@code jobs} trivial jobs, each needing the one before: each is queued while the agents are idle. */
    private static String chain(int jobs) {
        var yaml = new StringBuilder("on: push\njobs:\n");
        for (int i = 1; i <= jobs; i++) {
            yaml.append("  c").append(i).append(":\n    runs-on: bench\n");
            if (i > 1) {
                yaml.append("    needs: c").append(i - 1).append('\n');
            }
            yaml.append("    steps:\n      - run: \"true\"\n");
        }
        return yaml.toString();
    }

    /** For a chain: how long after a job completed the next one started, sorted, in milliseconds. */
    private static List<Long> gaps(String url, String name, long run) throws Exception {
        var jobs = JSON.readTree(get(url, "/api/v3/repos/root/" + name + "/actions/runs/" + run + "/jobs?per_page=100"))
                .get("jobs");
        var byName = new java.util.HashMap<String, JsonNode>();
        jobs.forEach(j -> byName.put(j.get("name").asText(), j));
        var gaps = new ArrayList<Long>();
        for (int i = 2; i <= CHAIN; i++) {
            var before =
                    Instant.parse(byName.get("c" + (i - 1)).get("completed_at").asText());
            var after = Instant.parse(byName.get("c" + i).get("started_at").asText());
            gaps.add(Duration.between(before, after).toMillis());
        }
        gaps.sort(null);
        return gaps;
    }

    /** Pushes {@code workflow} to root/NAME and returns the run's id. */
    private static long push(String url, Path dir, String name, String workflow) throws Exception {
        var work = dir.resolve("work-" + name);
        Files.createDirectories(work.resolve(".github/workflows"));
        Files.writeString(work.resolve(".github/workflows/bench.yml"), workflow);
        git(work, "init", "-q", "-b", "main");
        git(work, "add", ".");
        git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "bench");
        git(
                work,
                "push",
                "-q",
                url.replace("http://", "http://root:root-password-1@") + "/root/" + name + ".git",
                "main");
        for (int i = 0; i < 600; i++) {
            var runs = get(url, "/api/v3/repos/root/" + name + "/actions/runs");
            var list = JSON.readTree(runs).get("workflow_runs");
            if (!list.isEmpty()) {
                return list.get(0).get("id").asLong();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no run for " + name);
    }

    private static JsonNode await(String url, String name, long run) throws Exception {
        while (true) {
            var r = JSON.readTree(get(url, "/api/v3/repos/root/" + name + "/actions/runs/" + run));
            if (r.get("status").asText().equals("completed")) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    private static double quantile(String metrics, String name, String q) {
        var m = Pattern.compile(
                        "^" + name + "\\{[^}]*quantile=\"" + Pattern.quote(q) + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void git(Path dir, String... args) throws Exception {
        var cmd = new ArrayList<String>(List.of("git"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed");
        }
    }

    private static JsonNode post(String url, String path, String body) throws Exception {
        var r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("Authorization", ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String get(String url, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .header("Authorization", ADMIN)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
