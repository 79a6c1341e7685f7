package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow pushed with the real git client rolls a tiny Python service out with {@code slipway/rollout}: it answers
 * through its router; a broken release is rolled back (the step fails, the old version keeps answering, the
 * deployment fails); a canary waits at its pause until promoted through the API; the scale schedule takes it down and
 * up; and a restart of the server brings it back at the same address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {
    static final String WORKFLOW = """
            on: push
            permissions:
              contents: read
              deployments: write
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment:
                  name: staging
                  url: ${{ steps.roll.outputs.url }}
                steps:
                  - uses: actions/checkout@v4
                  - id: settings
                    run: cat svc/settings >> "$GITHUB_OUTPUT"
                  - id: roll
                    uses: slipway/rollout@v1
                    with:
                      service: web
                      path: svc
                      command: python3 app.py
                      version: ${{ steps.settings.outputs.version }}
                      strategy: ${{ steps.settings.outputs.strategy }}
                      canary-steps: ${{ steps.settings.outputs.steps }}
                      readiness-timeout: 5s
                      env: |
                        GREETING=hello from
                  - run: echo "deployed revision ${{ steps.roll.outputs.revision }} at ${{ steps.roll.outputs.url }}"
            """;
    /** Answers {@code GREETING VERSION} at {@code /}; its health check fails for a version ending in -broken. */
    static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            VERSION = open(os.path.join(os.path.dirname(__file__), "VERSION")).read().strip()
            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    broken = self.path == "/health" and VERSION.endswith("-broken")
                    body = (os.environ.get("GREETING", "") + " " + VERSION).encode()
                    self.send_response(500 if broken else 200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """;

    private static final String REPO = "/api/v3/repos/alice/shop";
    private static final String SERVICE = REPO + "/environments/staging/services/web";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static TestServer server;
    static String alice;
    static String url;
    static GitCli git;
    static Path work;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = server.userWithToken("alice");
        work = dir.resolve("work");
        git = new GitCli(dir.resolve("home"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void theFirstReleaseAnswersThroughItsRouterAndIsTheDeploymentsUrl() throws Exception {
        server.pushNewRepository(
                "alice",
                alice,
                "shop",
                work,
                ".github/workflows/deploy.yml",
                WORKFLOW,
                "svc/app.py",
                APP,
                "svc/VERSION",
                "v1\n",
                "svc/settings",
                "version=v1\nstrategy=rolling\nsteps=\n");
        var run = awaitRun(1);
        assertThat(run.get("conclusion").asText()).as(logs(run)).isEqualTo("success");
        var service = server.http.get(SERVICE, auth()).json();
        url = service.get("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(service.get("stable").get("version").asText()).isEqualTo("v1");
        assertThat(service.get("ready_replicas").asInt()).isEqualTo(1);
        assertThat(answer(url)).isEqualTo("hello from v1");
        assertThat(logs(run)).contains("deployed revision 1 at " + url, "serves every request");
        var deployment = latestDeployment();
        assertThat(deployment.get("state").asText()).isEqualTo("success");
        assertThat(deployment.get("environment_url").asText()).isEqualTo(url);
        assertThat(server.http.get("/alice/shop/environments", auth()).body())
                .contains("href=\"" + url + "\"", "v1 (r1)");
    }

    @Test
    @Order(2)
    void aBrokenReleaseIsRolledBackAndTheOldOneKeepsAnswering() throws Exception {
        push("v2-broken", "rolling", "");
        var run = awaitRun(2);
        assertThat(run.get("conclusion").asText()).isEqualTo("failure");
        assertThat(logs(run)).contains("was rolled back");
        assertThat(answer(url)).isEqualTo("hello from v1");
        assertThat(latestDeployment().get("state").asText()).isEqualTo("failure");
        var rollouts = server.http.get(SERVICE + "/rollouts", auth()).json();
        assertThat(rollouts.get(0).get("phase").asText()).isEqualTo("rolled_back");
        assertThat(rollouts.get(0).get("events")).isNotEmpty();
    }

    @Test
    @Order(3)
    void aCanaryWaitsAtItsPauseUntilPromoted() throws Exception {
        push("v3", "canary", "50,pause,100");
        var paused = await(
                () -> server.http.get(SERVICE, auth()).json(),
                s -> s.get("phase").asText().equals("paused"));
        assertThat(paused.get("canary").get("version").asText()).isEqualTo("v3");
        assertThat(paused.get("canary_weight").asInt()).isEqualTo(50);
        long rollout = paused.get("latest_rollout_id").asLong();
        var promoted = server.http.post(SERVICE + "/rollouts/" + rollout + "/promote", "", auth());
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(202);
        var run = awaitRun(3);
        assertThat(run.get("conclusion").asText()).as(logs(run)).isEqualTo("success");
        assertThat(answer(url)).isEqualTo("hello from v3");
        var again = server.http.post(SERVICE + "/rollouts/" + rollout + "/promote", "", auth());
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    @Order(4)
    void theScaleScheduleTakesTheServiceDownAndUp() throws Exception {
        var schedule = REPO + "/environments/staging/scale-schedule";
        var bad = server.http.put(schedule, "{\"down\":\"every evening\",\"up\":\"0 7 * * *\"}", auth());
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("down");
        var badZone = server.http.put(
                schedule, "{\"down\":\"0 19 * * *\",\"up\":\"0 7 * * *\",\"time_zone\":\"Mars\"}", auth());
        assertThat(badZone.status()).isEqualTo(422);
        assertThat(badZone.body()).contains("time_zone");
        // down every minute, up once a year: down now
        var put = server.http.put(
                schedule, "{\"down\":\"* * * * *\",\"up\":\"0 0 1 1 *\",\"time_zone\":\"UTC\"}", auth());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("scaled_down").asBoolean()).isTrue();
        assertThat(put.json().get("next_change").asText()).isNotEmpty();
        var down = server.http.get(SERVICE, auth()).json();
        assertThat(down.get("scaled_down").asBoolean()).isTrue();
        assertThat(down.get("desired_replicas").asInt()).isZero();
        assertThat(down.get("replicas").asInt()).isEqualTo(1);
        assertThat(status(url)).isEqualTo(503);
        assertThat(server.http.get("/alice/shop/environments", auth()).body()).contains("now scaled down");
        assertThat(server.http.delete(schedule, auth()).status()).isEqualTo(204);
        assertThat(server.http.get(schedule, auth()).status()).isEqualTo(404);
        await(
                () -> server.http.get(SERVICE, auth()).json(),
                s -> s.get("ready_replicas").asInt() == 1);
        assertThat(answer(url)).isEqualTo("hello from v3");
    }

    @Test
    @Order(5)
    void aRestartRestoresTheStableReleaseAtTheSameAddressAndEndsACutShortRollout() throws Exception {
        push("v4", "canary", "50,pause,100");
        var paused = await(
                () -> server.http.get(SERVICE, auth()).json(),
                s -> s.get("phase").asText().equals("paused"));
        long cut = paused.get("latest_rollout_id").asLong();
        server.close();
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        var service = await(
                () -> server.http.get(SERVICE, auth()).json(),
                s -> s.get("ready_replicas").asInt() == 1);
        assertThat(service.get("url").asText()).isEqualTo(url);
        assertThat(service.get("stable").get("version").asText()).isEqualTo("v3");
        assertThat(service.get("canary").isNull()).isTrue();
        assertThat(answer(url)).isEqualTo("hello from v3");
        var rollout = server.http.get(SERVICE + "/rollouts/" + cut, auth()).json();
        assertThat(rollout.get("phase").asText()).isEqualTo("rolled_back");
        assertThat(rollout.get("message").asText()).contains("server restarted");
    }

    private static void push(String version, String strategy, String steps) throws IOException {
        Files.writeString(work.resolve("svc/VERSION"), version + "\n");
        Files.writeString(
                work.resolve("svc/settings"),
                "version=" + version + "\nstrategy=" + strategy + "\nsteps=" + steps + "\n");
        git.run(work, "commit", "-q", "-am", "Release " + version).ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main")
                .ok();
    }

    private static String auth() {
        return Http.token(alice);
    }

    private static JsonNode awaitRun(int number) {
        return server.awaitRun(
                REPO + "/actions/runs",
                auth(),
                r -> r.get("run_number").asInt() == number
                        && r.get("status").asText().equals("completed"));
    }

    private static String logs(JsonNode run) {
        return String.join(
                "\n",
                server.jobLogs("alice/shop", auth(), run.get("id").asLong()).values());
    }

    private static JsonNode latestDeployment() {
        var deployment = server.http
                .get(REPO + "/deployments?environment=staging", auth())
                .json()
                .get(0);
        return server.http
                .get(REPO + "/deployments/" + deployment.get("id").asLong() + "/statuses", auth())
                .json()
                .get(0);
    }

    static String answer(String url) throws IOException, InterruptedException {
        var response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static int status(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** Polls {@code read} until {@code done}: a bounded wait (2 minutes), not a timing assertion. */
    static JsonNode await(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done) {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("never got there; last seen: " + last);
    }
}
