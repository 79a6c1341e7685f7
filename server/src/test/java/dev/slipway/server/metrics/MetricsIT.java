package dev.slipway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.testing.GitCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push runs a one-job workflow; {@code GET /metrics} then shows the run, the job and the HTTP requests. */
class MetricsIT {
    private static final String WORKFLOW = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo measured
            """;
    private static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("root:root-password-1".getBytes(StandardCharsets.UTF_8));

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void metricsShowRunsJobsHttpAndJvm() throws Exception {
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withAdmin(new ServerConfig.AdminAccount("root", "root-password-1"));
        try (var server = SlipwayServer.start(
                config,
                () -> Platforms.hostDefaults(HostExecutor.create()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            var url = server.url();
            assertThat(send(url, "POST", "/api/v3/user/repos", "{\"name\":\"svc\"}")
                            .statusCode())
                    .isEqualTo(201);
            var token = send(url, "POST", "/api/v3/user/tokens", "{\"name\":\"m\"}")
                    .body()
                    .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            var git = new GitCli(dir.resolve("home"));
            var work = dir.resolve("work");
            git.initAndCommit(work, ".github/workflows/ci.yml", WORKFLOW);
            git.run(
                            work,
                            "push",
                            "-q",
                            url.replace("http://", "http://x-token:" + token + "@") + "/root/svc.git",
                            "main")
                    .ok();
            awaitCompletedRun(url);

            var metrics = send(url, "GET", "/metrics", "");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("slipway_workflow_runs_total{conclusion=\"success\"} 1.0")
                    .contains("slipway_jobs_total{conclusion=\"success\"} 1.0")
                    .contains("slipway_workflow_run_queue_wait_seconds_count 1")
                    .contains("slipway_workflow_run_duration_seconds_count{conclusion=\"success\"} 1")
                    .contains("slipway_job_duration_seconds_count{conclusion=\"success\"} 1")
                    .containsPattern("http_server_requests_seconds_count\\{method=\"POST\",status=\"201\","
                            + "uri=\"/api/v3/user/repos\"} 1")
                    .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",status=\"200\","
                            + "uri=\"/api/v3/repos/\\{owner}/\\{repo}/actions/runs\"} \\d")
                    .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_");
        }
    }

    private void awaitCompletedRun(String url) throws IOException, InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        var last = "";
        while (Instant.now().isBefore(deadline)) {
            last = send(url, "GET", "/api/v3/repos/root/svc/actions/runs", "").body();
            if (last.contains("\"status\":\"completed\"")) {
                assertThat(last).contains("\"conclusion\":\"success\"");
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no completed run after 60 s: " + last);
    }

    private HttpResponse<String> send(String url, String method, String path, String json)
            throws IOException, InterruptedException {
        var body = json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        var request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
