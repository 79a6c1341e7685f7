package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL in the middle of a job: the next server on the same data directory ends the run and
 * job as failed ("server restarted"), still serves the log written before the crash, serves the repository, and runs
 * new pushes. The servers are separate JVMs ({@link ServerMain}), so the kill is a real one.
 */
class CrashRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REPO = "/api/v3/repos/" + TestServer.ADMIN + "/svc";
    private static final String SLOW = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo before-crash; sleep 60
            """;
    private static final String FAST = SLOW.replace("echo before-crash; sleep 60", "echo after-restart");

    @TempDir
    Path dir;

    private final List<Process> servers = new ArrayList<>();
    private final List<ProcessHandle> orphans = new ArrayList<>();

    @Test
    void aKilledServerLeavesDefiniteStatesItsLogsAndItsRepositories() throws Exception {
        var data = dir.resolve("data");
        try {
            var firstUrl = startServer(data, "first");
            var http = new Http(firstUrl);
            var admin = Http.basic(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
            var token = http.post("/api/v3/user/tokens", "{\"name\":\"crash\"}", admin)
                    .json()
                    .get("token")
                    .asText();
            var created = http.post("/api/v3/user/repos", "{\"name\":\"svc\"}", admin);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            var git = new GitCli(dir.resolve("home"));
            var work = dir.resolve("work");
            var sha = git.initAndCommit(work, ".github/workflows/ci.yml", SLOW);
            git.run(work, "push", "-q", remote(firstUrl, token), "main").ok();

            var runId = await("a run", () -> firstRun(http, admin)).get("id").asLong();
            var jobId = await(
                            "the job in progress",
                            () -> jobs(http, admin, runId)
                                    .filter(j -> j.get("status").asText().equals("in_progress")))
                    .get("id")
                    .asLong();
            await(
                    "before-crash in the log",
                    () -> Optional.of(http.get(REPO + "/actions/jobs/" + jobId + "/logs", admin))
                            .filter(r -> r.status() == 200 && r.body().contains("before-crash")));

            kill(servers.get(0));

            var secondUrl = startServer(data, "second");
            var after = new Http(secondUrl);
            var run = await(
                    "the run completed",
                    () -> Optional.of(ok(after.get(REPO + "/actions/runs/" + runId, admin)))
                            .filter(r -> r.get("status").asText().equals("completed")));
            assertThat(run.get("conclusion").asText()).isEqualTo("failure");
            var job = jobs(after, admin, runId).orElseThrow();
            assertThat(job.get("status").asText()).isEqualTo("completed");
            assertThat(job.get("conclusion").asText()).isEqualTo("failure");
            var statuses =
                    after.get(REPO + "/commits/" + sha + "/statuses", admin).json();
            assertThat(StreamSupport.stream(statuses.spliterator(), false)
                            .filter(s -> s.get("state").asText().equals("failure"))
                            .map(s -> s.get("description").asText()))
                    .anySatisfy(d -> assertThat(d).contains("server restarted"));
            var log = after.get(REPO + "/actions/jobs/" + jobId + "/logs", admin);
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.body()).contains("before-crash");

            var clone = dir.resolve("clone");
            git.run(dir, "clone", "-q", remote(secondUrl, token), clone.toString())
                    .ok();
            assertThat(git.run(clone, "rev-parse", "HEAD").ok().out().trim()).isEqualTo(sha);

            var next = git.commit(work, "fast", ".github/workflows/ci.yml", FAST);
            git.run(work, "push", "-q", remote(secondUrl, token), "main").ok();
            var nextRun = await(
                    "the run of the new push",
                    () -> firstRun(after, admin)
                            .filter(r -> r.get("head_sha").asText().equals(next)
                                    && r.get("status").asText().equals("completed")));
            assertThat(nextRun.get("conclusion").asText()).isEqualTo("success");
            var nextJob = jobs(after, admin, nextRun.get("id").asLong()).orElseThrow();
            assertThat(after.get(REPO + "/actions/jobs/" + nextJob.get("id").asLong() + "/logs", admin)
                            .body())
                    .contains("after-restart");
        } finally {
            servers.forEach(this::kill);
            orphans.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts {@link ServerMain} in a new JVM and returns its URL once it listens. */
    private String startServer(Path data, String name) throws IOException {
        var out = dir.resolve(name + ".out");
        var classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", classpath, ServerMain.class.getName(), data.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        servers.add(process);
        return await(name + " server listening (see " + out + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " server exited: " + read(out));
            }
            return read(out)
                    .lines()
                    .filter(l -> l.startsWith(ServerMain.LISTENING))
                    .map(l -> l.substring(ServerMain.LISTENING.length()))
                    .findFirst();
        });
    }

    /** SIGKILL, as a crash would; the job's processes die too (they would with the machine). */
    private void kill(Process process) {
        var children = process.descendants().toList();
        process.destroyForcibly(); // SIGKILL on Unix
        children.forEach(ProcessHandle::destroyForcibly);
        orphans.addAll(children);
        try {
            process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String remote(String url, String token) {
        return url.replace("http://", "http://x-token:" + token + "@") + "/" + TestServer.ADMIN + "/svc.git";
    }

    private static Optional<JsonNode> firstRun(Http http, String auth) {
        var runs = http.get(REPO + "/actions/runs", auth).json().get("workflow_runs");
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private static Optional<JsonNode> jobs(Http http, String auth, long runId) {
        var jobs =
                http.get(REPO + "/actions/runs/" + runId + "/jobs", auth).json().get("jobs");
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private static JsonNode ok(Http.Response response) {
        if (response.status() != 200) {
            throw new AssertionError(response.status() + ": " + response.body());
        }
        return response.json();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls until {@code probe} yields a value: a bounded wait, not a timing assertion. */
    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        var deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            var value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("gave up waiting for " + what + " after " + WAIT);
    }

    /** A server in its own JVM: {@code ServerMain <dataDir>} listens on a free port, prints its URL and blocks. */
    static final class ServerMain {
        static final String LISTENING = "listening on ";

        public static void main(String[] args) throws InterruptedException {
            var config = ServerConfig.defaults()
                    .withPort(0)
                    .withDataDir(Path.of(args[0]))
                    .withAdmin(new ServerConfig.AdminAccount(TestServer.ADMIN, TestServer.ADMIN_PASSWORD));
            var server = SlipwayServer.start(config, () -> Platforms.hostDefaults(HostExecutor.create()));
            System.out.println(LISTENING + server.url());
            Thread.currentThread().join();
        }
    }
}
