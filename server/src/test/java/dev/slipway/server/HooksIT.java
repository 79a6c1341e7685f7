package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Repository webhooks against a real receiver on 127.0.0.1: the ping, push, workflow_run, workflow_job and release
 * events with GitHub's headers and a valid signature, the deliveries' record, a failed delivery sent again, and the
 * API's refusals.
 */
class HooksIT extends AliceServer {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String CI = """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps: [{run: echo tested}]
            """;

    /** A request the receiver got. */
    record Received(String event, String delivery, String signature, String contentType, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }
    }

    private static HttpServer receiver;
    private static final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private static final AtomicInteger answer = new AtomicInteger(200);

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            var h = exchange.getRequestHeaders();
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    String.valueOf(h.getFirst("X-GitHub-Event")),
                    String.valueOf(h.getFirst("X-GitHub-Delivery")),
                    String.valueOf(h.getFirst("X-Hub-Signature-256")),
                    String.valueOf(h.getFirst("Content-Type")),
                    body));
            byte[] reply = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.get(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    private static String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void eventsArriveSignedAndTheirDeliveriesAreRecordedAndSentAgain() throws Exception {
        Path work = dir.resolve("work");
        server.pushNewRepository("alice", alice, "shop", work, ".github/workflows/ci.yml", CI);
        var auth = Http.token(alice);
        // the first push's run ends before the hook exists: the events below are the next push's
        server.awaitRun(
                "/api/v3/repos/alice/shop/actions/runs",
                auth,
                r -> r.get("status").asText().equals("completed"));
        var hooks = "/api/v3/repos/alice/shop/hooks";
        var created = server.http.post(
                hooks,
                "{\"config\":{\"url\":\"" + hookUrl() + "\",\"content_type\":\"json\",\"secret\":\"" + SECRET + "\"},"
                        + "\"events\":[\"push\",\"workflow_run\",\"workflow_job\"]}",
                auth);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("config").get("secret").asText()).isEqualTo("********");
        assertThat(created.body()).doesNotContain(SECRET);

        var ping = next("ping");
        assertSigned(ping);
        assertThat(ping.contentType()).startsWith("application/json");
        assertThat(ping.json().get("hook_id").asLong()).isEqualTo(id);
        assertThat(ping.json().get("repository").get("full_name").asText()).isEqualTo("alice/shop");

        // a push: its push event, then the run it starts
        Files.writeString(work.resolve("NEWS.md"), "news\n");
        var git = new GitCli(dir.resolve("home"));
        git.run(work, "add", "NEWS.md").ok();
        git.run(work, "commit", "-q", "-m", "Add the news").ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main")
                .ok();
        // its events come as they happen: the run may start before the push's own payload is made
        var events = new java.util.ArrayList<String>();
        JsonNode completed = null;
        JsonNode push = null;
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        // deliveries go out side by side, so they may arrive in any order: wait for the three that matter
        while ((completed == null || push == null || !events.contains("workflow_job:completed"))
                && Instant.now().isBefore(deadline)) {
            var r = received.poll(1, TimeUnit.SECONDS);
            if (r == null) {
                continue;
            }
            assertSigned(r);
            events.add(r.event() + ":" + r.json().path("action").asText());
            if (r.event().equals("push")) {
                push = r.json();
            } else if (r.event().equals("workflow_run")
                    && r.json().get("action").asText().equals("completed")) {
                completed = r.json().get("workflow_run");
            }
        }
        assertThat(push).as("push; got " + events).isNotNull();
        assertThat(push.get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(push.get("head_commit").get("message").asText()).contains("Add the news");
        assertThat(completed).as("workflow_run completed; got " + events).isNotNull();
        assertThat(completed.get("conclusion").asText()).isEqualTo("success");
        assertThat(completed.get("head_sha").asText())
                .isEqualTo(push.get("after").asText());
        assertThat(completed.get("path").asText()).isEqualTo(".github/workflows/ci.yml");
        assertThat(events).contains("workflow_run:requested", "workflow_run:in_progress", "workflow_job:completed");

        // the deliveries, newest first, with what was sent and what came back
        var deliveries = server.http.get(hooks + "/" + id + "/deliveries", auth).json();
        assertThat(deliveries.size()).isGreaterThanOrEqualTo(5);
        var first = deliveries.get(deliveries.size() - 1);
        assertThat(first.get("event").asText()).isEqualTo("ping");
        assertThat(first.get("status").asText()).isEqualTo("OK");
        assertThat(first.get("status_code").asInt()).isEqualTo(200);
        var detail = server.http
                .get(hooks + "/" + id + "/deliveries/" + first.get("id").asLong(), auth)
                .json();
        assertThat(detail.get("request").get("payload").get("hook_id").asLong()).isEqualTo(id);
        assertThat(detail.get("response").get("payload").asText()).isEqualTo("thanks");

        // a receiver that fails: the delivery says so; sent again once it works, the same payload arrives
        answer.set(500);
        assertThat(server.http.post(hooks + "/" + id + "/pings", "", auth).status())
                .isEqualTo(204);
        var failed = next("ping");
        var failedRecord =
                server.http.get(hooks + "/" + id + "/deliveries", auth).json().get(0);
        assertThat(failedRecord.get("status").asText()).isEqualTo("Invalid HTTP Response: 500");
        answer.set(200);
        var again = server.http.post(
                hooks + "/" + id + "/deliveries/" + failedRecord.get("id").asLong() + "/attempts", "", auth);
        assertThat(again.status()).isEqualTo(202);
        var resent = next("ping");
        assertThat(resent.body()).isEqualTo(failed.body());
        assertThat(resent.delivery()).isEqualTo(failed.delivery());
        awaitDelivered(hooks + "/" + id + "/deliveries", auth);
        var redelivered =
                server.http.get(hooks + "/" + id + "/deliveries", auth).json().get(0);
        assertThat(redelivered.get("redelivery").asBoolean()).isTrue();
        assertThat(redelivered.get("status").asText()).isEqualTo("OK");

        // a release, once the hook takes release events; then the hook is deleted
        var patched = server.http.patch(hooks + "/" + id, "{\"add_events\":[\"release\"]}", auth);
        assertThat(patched.json().get("events").toString()).contains("release");
        server.http.post("/api/v3/repos/alice/shop/releases", "{\"tag_name\":\"v1.0.0\"}", auth);
        var release = next("release");
        assertThat(release.json().get("release").get("tag_name").asText()).isEqualTo("v1.0.0");
        assertThat(server.http.delete(hooks + "/" + id, auth).status()).isEqualTo(204);
        assertThat(server.http.get(hooks + "/" + id, auth).status()).isEqualTo(404);
    }

    @Test
    void aJobsDeploymentArrivesWithEachOfItsStatuses() throws Exception {
        server.pushNewRepository("alice", alice, "pages", dir.resolve("pages"), "README.md", "site\n");
        var auth = Http.token(alice);
        var created = server.http.post(
                "/api/v3/repos/alice/pages/hooks",
                "{\"config\":{\"url\":\"" + hookUrl() + "\",\"secret\":\"" + SECRET + "\"},"
                        + "\"events\":[\"deployment\",\"deployment_status\"]}",
                auth);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        next("ping");
        var work = dir.resolve("pages");
        var git = new GitCli(dir.resolve("home"));
        Files.createDirectories(work.resolve(".github/workflows"));
        Files.writeString(work.resolve(".github/workflows/deploy.yml"), """
                on: push
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    environment:
                      name: staging
                      url: https://staging.site.example/${{ steps.go.outputs.build }}
                    steps:
                      - id: go
                        run: echo "build=b42" >> "$GITHUB_OUTPUT"
                """);
        git.run(work, "add", ".").ok();
        git.run(work, "commit", "-q", "-m", "Deploy to staging").ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/pages", Optional.of(alice)), "main")
                .ok();
        // the deployment and its statuses go out side by side: collect them in whatever order they arrive
        JsonNode deployment = null;
        var states = new java.util.ArrayList<String>();
        JsonNode success = null;
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        while ((success == null || deployment == null || !states.contains("queued"))
                && Instant.now().isBefore(deadline)) {
            var r = received.poll(1, TimeUnit.SECONDS);
            if (r == null) {
                continue;
            }
            if (r.event().equals("deployment")) {
                assertSigned(r);
                deployment = r.json();
            } else if (r.event().equals("deployment_status")) {
                assertSigned(r);
                var status = r.json().get("deployment_status");
                states.add(status.get("state").asText());
                if (status.get("state").asText().equals("success")) {
                    success = status;
                }
            }
        }
        assertThat(deployment).as("the deployment event").isNotNull();
        assertThat(deployment.get("action").asText()).isEqualTo("created");
        assertThat(deployment.get("deployment").get("environment").asText()).isEqualTo("staging");
        assertThat(states).as("statuses").contains("queued", "in_progress", "success");
        assertThat(success.get("environment_url").asText()).isEqualTo("https://staging.site.example/b42");
    }

    @Test
    void aPullRequestArrivesAsGitHubSendsIt() throws Exception {
        var work = newRepositoryWithHook("app", "\"pull_request\"");
        var auth = Http.token(alice);
        var git = new GitCli(dir.resolve("home"));
        git.run(work, "checkout", "-q", "-b", "feature").ok();
        Files.writeString(work.resolve("feature.txt"), "new\n");
        git.run(work, "add", "feature.txt").ok();
        git.run(work, "commit", "-q", "-m", "A feature").ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/app", Optional.of(alice)), "feature")
                .ok();
        var opened = server.http.post(
                "/api/v3/repos/alice/app/pulls", "{\"title\":\"A feature\",\"head\":\"feature\"}", auth);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var pr = next("pull_request");
        assertSigned(pr);
        assertThat(pr.json().get("action").asText()).isEqualTo("opened");
        assertThat(pr.json().get("pull_request").get("title").asText()).isEqualTo("A feature");
        assertThat(pr.json().get("pull_request").get("head").get("ref").asText())
                .isEqualTo("feature");
        assertThat(pr.json().get("number").asInt())
                .isEqualTo(opened.json().get("number").asInt());
    }

    @Test
    void aNewTagArrivesAsCreateAndADeletedBranchAsDelete() throws Exception {
        var work = newRepositoryWithHook("lib", "\"create\",\"delete\"");
        var git = new GitCli(dir.resolve("home"));
        var url = server.cloneUrl("alice/lib", Optional.of(alice));
        git.run(work, "tag", "v1.0.0").ok();
        git.run(work, "push", "-q", url, "v1.0.0").ok();
        var create = next("create");
        assertSigned(create);
        assertThat(create.json().get("ref").asText()).isEqualTo("v1.0.0");
        assertThat(create.json().get("ref_type").asText()).isEqualTo("tag");
        assertThat(create.json().get("master_branch").asText()).isEqualTo("main");
        assertThat(create.json().get("repository").get("full_name").asText()).isEqualTo("alice/lib");

        git.run(work, "push", "-q", url, "main:refs/heads/old").ok();
        assertThat(next("create").json().get("ref_type").asText()).isEqualTo("branch");
        git.run(work, "push", "-q", url, ":refs/heads/old").ok();
        var delete = next("delete");
        assertSigned(delete);
        assertThat(delete.json().get("ref").asText()).isEqualTo("old");
        assertThat(delete.json().get("ref_type").asText()).isEqualTo("branch");
        assertThat(delete.json().get("sender").get("login").asText()).isEqualTo("alice");
    }

    @Test
    void badHooksAreRefusedNamingTheFieldAndOnlyAdministratorsSeeThem() {
        server.pushNewRepository("alice", alice, "site", dir.resolve("site"), "README.md", "site\n");
        var hooks = "/api/v3/repos/alice/site/hooks";
        var auth = Http.token(alice);
        var ftp = server.http.post(hooks, "{\"config\":{\"url\":\"ftp://example.invalid/x\"}}", auth);
        assertThat(ftp.status()).isEqualTo(422);
        assertThat(ftp.body()).contains("'config.url': the payload URL must be an http or https URL");
        var bogus = server.http.post(
                hooks, "{\"config\":{\"url\":\"" + hookUrl() + "\"},\"events\":[\"push\",\"bogus\"]}", auth);
        assertThat(bogus.status()).isEqualTo(422);
        assertThat(bogus.body()).contains("unknown webhook event 'bogus'");
        var form =
                server.http.post(hooks, "{\"config\":{\"url\":\"" + hookUrl() + "\",\"content_type\":\"xml\"}}", auth);
        assertThat(form.status()).isEqualTo(422);
        var bob = server.userWithToken("bob");
        assertThat(server.http.get(hooks, Http.token(bob)).status()).isIn(403, 404);
    }

    /** A new repository of alice's, cloned into a directory returned, with a hook for {@code events} (JSON strings). */
    private static Path newRepositoryWithHook(String name, String events) throws InterruptedException {
        var work = dir.resolve(name);
        server.pushNewRepository("alice", alice, name, work, "README.md", name + "\n");
        var hook = server.http.post(
                "/api/v3/repos/alice/" + name + "/hooks",
                "{\"config\":{\"url\":\"" + hookUrl() + "\",\"secret\":\"" + SECRET + "\"},\"events\":[" + events
                        + "]}",
                Http.token(alice));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        next("ping");
        return work;
    }

    /** The next request of {@code event} (others before it are dropped), within a bounded wait. */
    private static Received next(String event) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            var r = received.poll(1, TimeUnit.SECONDS);
            if (r != null && r.event().equals(event)) {
                return r;
            }
        }
        throw new AssertionError("no " + event + " delivery arrived");
    }

    private static void awaitDelivered(String path, String auth) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            var newest = server.http.get(path, auth).json().get(0);
            if (!newest.get("status").asText().equals("pending")) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static void assertSigned(Received r) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(r.signature()).as(r.event()).isEqualTo(expected);
        assertThat(r.delivery()).matches("[0-9a-f-]{36}");
    }
}
