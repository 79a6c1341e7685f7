package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.server.DispatchConfig;
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
import java.util.Base64;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A server on 127.0.0.1 for agent tests: an administrator, a user with a token, repositories pushed with git. */
final class ServerHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("root:root-password-1".getBytes(StandardCharsets.UTF_8));

    final SlipwayServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dir;
    private final GitCli git;
    private String userToken = "";

    private ServerHarness(SlipwayServer server, Path dir) {
        this.server = server;
        this.dir = dir;
        this.git = new GitCli(dir.resolve("home"));
    }

    static ServerHarness start(Path dir, DispatchConfig dispatch) {
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withAdmin(new ServerConfig.AdminAccount("root", "root-password-1"));
        var out = new ByteArrayOutputStream();
        var server = SlipwayServer.start(
                config,
                () -> Platforms.hostDefaults(HostExecutor.create()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                dispatch);
        var harness = new ServerHarness(server, dir);
        harness.createUser();
        return harness;
    }

    String url() {
        return server.url();
    }

    private void createUser() {
        var made = call(
                "POST",
                "/api/v3/admin/users",
                "{\"login\":\"dev\",\"password\":\"dev-password-1\"," + "\"email\":\"dev@example.com\"}",
                ADMIN);
        check(made, 201);
        var basic =
                "Basic " + Base64.getEncoder().encodeToString("dev:dev-password-1".getBytes(StandardCharsets.UTF_8));
        userToken = json(check(call("POST", "/api/v3/user/tokens", "{\"name\":\"t\"}", basic), 201))
                .get("token")
                .asText();
    }

    /** A new registration token from the admin API. */
    String registrationToken() {
        return json(check(call("POST", "/api/v3/admin/runners/registration-token", "", ADMIN), 201))
                .get("token")
                .asText();
    }

    JsonNode admin(String method, String path, String body) {
        var r = call(method, path, body, ADMIN);
        return r.body().isEmpty() ? JSON.createObjectNode() : json(r);
    }

    /** Creates private repository dev/NAME holding {@code files} (path, content, ...) on main; returns its sha. */
    String repo(String name, String... files) {
        return repo(name, true, files);
    }

    /** Creates repository dev/NAME, private or public, holding {@code files} on main; returns its sha. */
    String repo(String name, boolean isPrivate, String... files) {
        check(
                call("POST", "/api/v3/user/repos", "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}", user()),
                201);
        var work = dir.resolve("work-" + name);
        var sha = git.initAndCommit(work, files);
        var url = url().replace("http://", "http://dev:" + userToken + "@") + "/dev/" + name + ".git";
        git.run(work, "push", "-q", url, "main").ok();
        return sha;
    }

    /** The one run of dev/NAME, once it exists. */
    JsonNode onlyRun(String repo) {
        return await(
                        () -> json(call("GET", "/api/v3/repos/dev/" + repo + "/actions/runs", "", user())),
                        r -> r.get("workflow_runs").size() == 1,
                        Duration.ofSeconds(30))
                .get("workflow_runs")
                .get(0);
    }

    JsonNode run(String repo, long id) {
        return json(call("GET", "/api/v3/repos/dev/" + repo + "/actions/runs/" + id, "", user()));
    }

    JsonNode completed(String repo, long id, Duration limit) {
        return await(() -> run(repo, id), r -> r.get("status").asText().equals("completed"), limit);
    }

    JsonNode jobs(String repo, long runId) {
        return json(call(
                        "GET",
                        "/api/v3/repos/dev/" + repo + "/actions/runs/" + runId + "/jobs?per_page=100",
                        "",
                        user()))
                .get("jobs");
    }

    String log(String repo, long jobId) {
        var r = call("GET", "/api/v3/repos/dev/" + repo + "/actions/jobs/" + jobId + "/logs", "", user());
        return r.statusCode() == 200 ? r.body() : "";
    }

    void cancel(String repo, long runId) {
        check(call("POST", "/api/v3/repos/dev/" + repo + "/actions/runs/" + runId + "/cancel", "", user()), 202);
    }

    /** A page of the web UI as the signed-in administrator. */
    String webPage(String path) {
        var form = call("GET", "/login", "", "");
        var csrf = form.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("slipway_csrf="))
                .findFirst()
                .orElseThrow();
        var cookie = csrf.substring(0, csrf.indexOf(';'));
        var token = cookie.substring(cookie.indexOf('=') + 1);
        var login = send(HttpRequest.newBuilder(URI.create(url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("login=root&password=root-password-1&_csrf="
                        + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
        var session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> !c.startsWith("slipway_csrf="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session: " + login.statusCode() + " " + login.body()));
        var page = send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Cookie", session.substring(0, session.indexOf(';')))
                .GET()
                .build());
        return check(page, 200).body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String user() {
        return "token " + userToken;
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + "; last: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }

    private HttpResponse<String> call(String method, String path, String body, String auth) {
        var request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (!auth.isEmpty()) {
            request.header("Authorization", auth);
        }
        return send(request.build());
    }

    private static HttpResponse<String> check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(
                    r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
