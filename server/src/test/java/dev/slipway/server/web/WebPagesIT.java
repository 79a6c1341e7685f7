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
                      echo "### Deployed to <b>staging</b>" >> "$GITHUB_STEP_SUMMARY"
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
                "# Site docs\n\nSome *text* <script>x</script>\n",
                "docs/my notes #1.txt",
                "first line\nsecond <line>\n");
        var url = server.url().replace("http://", "http://root:root-password-1@") + "/root/site.git";
        git.run(work, "push", "-q", url, "main").ok();
        git.run(work, "tag", "v1.0").ok();
        git.run(work, "push", "-q", url, "v1.0", "HEAD:refs/heads/feature/login")
                .ok();
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
        assertThat(page)
                .as("the step summary, rendered with its HTML escaped")
                .contains("<h3>Deployed to &lt;b&gt;staging&lt;/b&gt;</h3>");
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
        var cookie = cookie(form, Visitors.CSRF_COOKIE);
        var token = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(form.body()).contains("name=\"_csrf\" value=\"" + token + "\"");

        var forged = post("/login", "login=root&password=root-password-1&_csrf=wrong", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        var wrong = post("/login", "login=root&password=nope&_csrf=" + enc(token), cookie);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Incorrect login or password.");

        var ok = post("/login", "login=root&password=root-password-1&_csrf=" + enc(token), cookie);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().allValues("Set-Cookie"))
                .anySatisfy(c ->
                        assertThat(c).startsWith(Visitors.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly"));
        var sessionCookie = cookie(ok, Visitors.SESSION_COOKIE);
        var home = get("/", Optional.of(sessionCookie));
        assertThat(home.body()).contains("<span class=\"who\">root</span>").contains("action=\"/logout\"");
    }

    @Test
    void theCodeTabBrowsesDirectoriesFilesAndRefsWithSlashes() throws Exception {
        var root = get("/root/site/tree/feature/login", Optional.empty()).body();
        assertThat(root)
                .contains("href=\"/root/site/tree/feature/login/.github\"")
                .contains("<option value=\"feature/login\" selected>")
                .contains("2 branches")
                .contains("1 tag");
        var dir = get("/root/site/tree/main/.github", Optional.empty()).body();
        assertThat(dir).contains("href=\"/root/site/tree/main/.github/workflows\"");
        var file = get("/root/site/blob/v1.0/.github/workflows/ci.yml", Optional.empty());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).contains("<tr id=\"L1\">").contains("name: ci").contains("11 lines");
        var raw = get("/root/site/raw/main/.github/workflows/ci.yml", Optional.empty());
        assertThat(raw.body()).isEqualTo(WORKFLOW);
        assertThat(raw.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(get("/root/site/blob/main/README.md", Optional.empty()).body())
                .contains("<h1>Site docs</h1>");
        assertThat(get("/root/site/blob/main/nope.txt", Optional.empty()).statusCode())
                .isEqualTo(404);
        assertThat(get("/root/site/tree/no-such-branch", Optional.empty()).statusCode())
                .isEqualTo(404);

        var commits = get("/root/site/commits/main", Optional.empty()).body();
        assertThat(commits).contains("Page 1").contains("href=\"/root/site/tree/");
        var branches = get("/root/site/branches", Optional.empty()).body();
        assertThat(branches).contains(">feature/login</a>").contains("badge\">default");
        assertThat(get("/root/site/tags", Optional.empty()).body())
                .contains(">v1.0</a>")
                .contains("href=\"/root/site/archive/refs/tags/v1.0.zip\"")
                .contains("href=\"/root/site/archive/refs/tags/v1.0.tar.gz\"");
        // the code page offers the shown branch's source, which anyone who may read a public repository downloads
        assertThat(get("/root/site/tree/feature/login", Optional.empty()).body())
                .contains("href=\"/root/site/archive/refs/heads/feature/login.zip\"");
        var zip = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/root/site/archive/refs/heads/feature/login.zip"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=site-feature-login.zip");
    }

    @Test
    void runsAreFilteredAndChangingFormsNeedTheirToken() throws Exception {
        var run = awaitCompleted();
        long id = run.get("id").asLong();
        var failed = get("/root/site/actions?status=failure", Optional.empty()).body();
        assertThat(failed).contains("No workflow runs match these filters.").contains("Clear filters");
        var ok = get("/root/site/actions?status=success&workflow=ci.yml&event=push", Optional.empty())
                .body();
        assertThat(ok)
                .contains("href=\"/root/site/actions/runs/" + id + "\"")
                .contains("<option value=\"success\" selected>");
        var rerun = send(HttpRequest.newBuilder(URI.create(server.url() + "/root/site/actions/runs/" + id + "/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=forged")));
        assertThat(rerun.statusCode()).isEqualTo(403);
        assertThat(rerun.body()).contains("Your form expired");
        var dispatch = get("/root/site/actions/workflows/ci.yml/dispatch", Optional.empty());
        assertThat(dispatch.statusCode()).isEqualTo(403);
        assertThat(dispatch.body()).contains("You need write access to root/site");
    }

    @Test
    void theReleasesTabListsReleasesWithRenderedNotesAndAssetsAndDraftsForWritersOnly() throws Exception {
        var created = api(
                "POST",
                "/repos/root/site/releases",
                HttpRequest.BodyPublishers.ofString("{\"tag_name\":\"v1.0\",\"name\":\"First <one>\","
                        + "\"body\":\"Fixes *bugs* <script>x</script>\"}"),
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        var asset = api(
                "POST",
                "/repos/root/site/releases/" + id + "/assets?name=site.tar.gz",
                HttpRequest.BodyPublishers.ofByteArray(new byte[2048]),
                "application/gzip");
        assertThat(asset.statusCode()).as(asset.body()).isEqualTo(201);
        var draft = api(
                "POST",
                "/repos/root/site/releases",
                HttpRequest.BodyPublishers.ofString("{\"tag_name\":\"v2.0\",\"name\":\"Next one\",\"draft\":true}"),
                "application/json");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        var sha = JSON.readTree(api(
                                "GET",
                                "/repos/root/site/commits/v1.0",
                                HttpRequest.BodyPublishers.noBody(),
                                "application/json")
                        .body())
                .get("sha")
                .asText();

        var page = get("/root/site/releases", Optional.empty());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("href=\"/root/site/releases\" class=\"on\">Releases</a>")
                .contains("First &lt;one&gt;", "v1.0", "Latest", sha.substring(0, 7))
                .contains("Fixes <em>bugs</em> &lt;script&gt;")
                .contains("href=\"/root/site/releases/download/v1.0/site.tar.gz\"", "2.0 KiB")
                .contains("href=\"/root/site/archive/refs/tags/v1.0.zip\" download>Source code (zip)")
                .contains("href=\"/root/site/archive/refs/tags/v1.0.tar.gz\" download>Source code (tar.gz)")
                .doesNotContain("Next one")
                .doesNotContain("<script>x");
        assertThat(get("/root/site/releases", Optional.of(signIn())).body()).contains("Next one", "Draft");
        assertThat(get("/root/site/releases/tag/v1.0", Optional.empty()).body())
                .contains("First &lt;one&gt;", "All releases");
        assertThat(get("/root/site/releases/tag/v2.0", Optional.empty()).statusCode())
                .isEqualTo(404);
        var download = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/root/site/releases/download/v1.0/site.tar.gz"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).hasSize(2048);
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

    /** {@code name=value} of the cookie a response sets. */
    private static String cookie(HttpResponse<String> response, String name) {
        var set = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " set"));
        return set.substring(0, set.indexOf(';'));
    }

    /** The session cookie of root, signed in through the form. */
    private static String signIn() throws Exception {
        var csrf = cookie(get("/login", Optional.empty()), Visitors.CSRF_COOKIE);
        var token = csrf.substring(csrf.indexOf('=') + 1);
        var ok = post("/login", "login=root&password=root-password-1&_csrf=" + enc(token), csrf);
        assertThat(ok.statusCode()).isEqualTo(303);
        return cookie(ok, Visitors.SESSION_COOKIE);
    }

    private static HttpResponse<String> api(String method, String path, HttpRequest.BodyPublisher body, String type)
            throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v3" + path))
                .header("Authorization", admin)
                .header("Content-Type", type)
                .method(method, body));
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
