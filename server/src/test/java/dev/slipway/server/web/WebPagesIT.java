package dev.slipway.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pushed repository with a one-job workflow, seen through the web pages over HTTP. */
class WebPagesIT {
    private static final String WORKFLOW = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "::group::Preparing"
                      echo "hello from the web <test>"
                      echo "::endgroup::"
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static SlipwayServer server;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withAdmin(new ServerConfig.AdminAccount("root", "root-password-1"));
        server = SlipwayServer.start(
                config,
                () -> Platforms.hostDefaults(HostExecutor.create()),
                new PrintStream(OutputStream.nullOutputStream()));
        admin = "Basic " + Base64.getEncoder().encodeToString("root:root-password-1".getBytes(StandardCharsets.UTF_8));
        var created = send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v3/user/repos"))
                .header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"site\",\"private\":false}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(
                work,
                ".github/workflows/ci.yml",
                WORKFLOW,
                "README.md",
                "# Site docs\n\nSome *text* <script>x</script>\n");
        var url = server.url().replace("http://", "http://root:root-password-1@") + "/root/site.git";
        git.run(work, "push", "-q", url, "main").ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anonymousVisitorsBrowseAPublicRepositoryWithItsReadme() throws Exception {
        var home = get("/", Optional.empty());
        assertThat(home.body()).contains("href=\"/root/site\"");
        var repo = get("/root/site", Optional.empty());
        assertThat(repo.statusCode()).isEqualTo(200);
        assertThat(repo.body())
                .contains("<h1>Site docs</h1>")
                .contains("<em>text</em>")
                .contains("&lt;script&gt;")
                .contains("README.md")
                .contains(server.url() + "/root/site.git");
        assertThat(get("/root/nothing", Optional.empty()).statusCode()).isEqualTo(404);
    }

    @Test
    void theRunIsListedAsSuccessAndItsLogShowsTheStepOutput() throws Exception {
        var run = awaitCompleted();
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        long id = run.get("id").asLong();
        var list = get("/root/site/actions", Optional.empty()).body();
        assertThat(list).contains("href=\"/root/site/actions/runs/" + id + "\"").contains("run success");
        var page = get("/root/site/actions/runs/" + id, Optional.empty()).body();
        assertThat(page).contains("job success").doesNotContain("data-events");
        var matcher = Pattern.compile("href=\"(/root/site/actions/runs/" + id + "/jobs/\\d+)\"")
                .matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        var log = get(matcher.group(1), Optional.empty()).body();
        assertThat(log)
                .contains("<details class=\"group\"><summary><a class=\"ln\" id=\"L")
                .contains("Preparing</summary>")
                .contains("hello from the web &lt;test&gt;");
    }

    @Test
    void signingInNeedsTheCsrfTokenAndStartsASession() throws Exception {
        var form = get("/login", Optional.empty());
        var csrfCookie = form.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Visitors.CSRF_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        var cookie = csrfCookie.substring(0, csrfCookie.indexOf(';'));
        var token = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(form.body()).contains("name=\"_csrf\" value=\"" + token + "\"");

        var forged = post("/login", "login=root&password=root-password-1&_csrf=wrong", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        var wrong = post("/login", "login=root&password=nope&_csrf=" + enc(token), cookie);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Incorrect login or password.");

        var ok = post("/login", "login=root&password=root-password-1&_csrf=" + enc(token), cookie);
        assertThat(ok.statusCode()).isEqualTo(303);
        var session = ok.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Visitors.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly");
        var sessionCookie = session.substring(0, session.indexOf(';'));
        var home = get("/", Optional.of(sessionCookie));
        assertThat(home.body()).contains("<span class=\"who\">root</span>").contains("action=\"/logout\"");
    }

    private static JsonNode awaitCompleted() throws Exception {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = JSON.nullNode();
        while (Instant.now().isBefore(deadline)) {
            var runs = JSON.readTree(send(HttpRequest.newBuilder(
                                            URI.create(server.url() + "/api/v3/repos/root/site/actions/runs"))
                                    .header("Authorization", admin)
                                    .GET())
                            .body())
                    .get("workflow_runs");
            if (!runs.isEmpty()) {
                last = runs.get(0);
                if (last.get("status").asText().equals("completed")) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not complete; last seen: " + last);
    }

    private static HttpResponse<String> get(String path, Optional<String> cookie) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
        cookie.ifPresent(c -> request.header("Cookie", c));
        return send(request);
    }

    private static HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
