package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes get GitHub-shaped JSON errors with the right status, never a stack trace. */
class ApiErrorsIT {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static String carol;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Optional.empty());
        carol = server.userWithToken("carol");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void wrongCredentialsAre401WithAMessage() {
        var r = server.http.get("/api/v3/user", Http.basic("carol", "wrong"));
        assertError(r, 401, "Bad credentials");
        assertThat(r.header("WWW-Authenticate")).isPresent();
        assertError(server.http.get("/api/v3/user", Http.token("slw_nonsense")), 401, "Bad credentials");
    }

    @Test
    void anonymousCallsThatNeedAUserAre401() {
        assertError(server.http.get("/api/v3/user", Optional.empty()), 401, "Requires authentication");
        assertError(server.http.post("/api/v3/user/repos", "{\"name\":\"x\"}", Optional.empty()), 401, "Requires");
    }

    @Test
    void onlyAdministratorsCreateUsers() {
        var r = server.http.post(
                "/api/v3/admin/users", "{\"login\":\"mallory\",\"password\":\"12345678\"}", Http.token(carol));
        assertError(r, 403, "Must be a site administrator");
    }

    @Test
    void unknownRoutesAndRepositoriesAre404() {
        assertError(server.http.get("/api/v3/no/such/thing", Http.token(carol)), 404, "Not Found");
        assertError(server.http.get("/api/v3/repos/carol/none", Http.token(carol)), 404, "Not Found");
        assertError(server.http.get("/api/v3/repos/carol/none/actions/runs", Http.token(carol)), 404, "Not Found");
    }

    @Test
    void invalidInputIs422AndBrokenJsonIs400() {
        assertError(
                server.http.post("/api/v3/user/repos", "{\"name\":\"bad name!\"}", Http.token(carol)),
                422,
                "invalid repository name");
        assertError(server.http.post("/api/v3/user/repos", "{}", Http.token(carol)), 422, "'name' is required");
        assertError(server.http.post("/api/v3/user/repos", "{nope", Http.token(carol)), 400, "Problems parsing JSON");
        assertThat(server.http
                        .post("/api/v3/user/repos", "{\"name\":\"twice\"}", Http.token(carol))
                        .status())
                .isEqualTo(201);
        assertError(
                server.http.post("/api/v3/user/repos", "{\"name\":\"Twice\"}", Http.token(carol)),
                422,
                "exists already");
        assertError(
                server.http.post(
                        "/api/v3/admin/users", "{\"login\":\"carol\",\"password\":\"12345678\"}", server.admin()),
                422,
                "is taken");
    }

    @Test
    void statusesNeedAKnownCommitAndAValidState() {
        server.http.post("/api/v3/user/repos", "{\"name\":\"empty\"}", Http.token(carol));
        assertError(
                server.http.post(
                        "/api/v3/repos/carol/empty/statuses/abc123", "{\"state\":\"success\"}", Http.token(carol)),
                422,
                "No commit found");
        assertError(
                server.http.get("/api/v3/repos/carol/empty/commits", Http.token(carol)),
                409,
                "Git Repository is empty");
    }

    /** Found by sending every documented request with one string made long: each was a 500 before. */
    @Test
    void overlongValuesAre422NamingTheFieldAndNothingIsStored() {
        String x201 = "x".repeat(201);
        assertError(
                server.http.post("/api/v3/user/tokens", "{\"name\":\"" + x201 + "\"}", Http.token(carol)),
                422,
                "'name' is too long (at most 200 characters, got 201)");
        assertError(
                server.http.post(
                        "/api/v3/user/tokens",
                        "{\"name\":\"t\",\"scopes\":[\"" + "x".repeat(1001) + "\"]}",
                        Http.token(carol)),
                422,
                "'scopes' is too long");
        assertThat(server.http.get("/api/v3/user/tokens", Http.token(carol)).body())
                .doesNotContain("xxxxxxxxxx");
        assertError(
                server.http.post(
                        "/api/v3/user/repos",
                        "{\"name\":\"described\",\"description\":\"" + "d".repeat(1001) + "\"}",
                        Http.token(carol)),
                422,
                "'description' is too long (at most 1000 characters");
        assertError(
                server.http.post(
                        "/api/v3/user/repos",
                        "{\"name\":\"branched\",\"default_branch\":\"" + "b".repeat(256) + "\"}",
                        Http.token(carol)),
                422,
                "'default_branch' is too long (at most 255 characters");
        assertError(server.http.get("/api/v3/repos/carol/described", Http.token(carol)), 404, "Not Found");
        assertError(
                server.http.post(
                        "/api/v3/admin/users",
                        "{\"login\":\"dave\",\"password\":\"12345678\",\"name\":\"" + x201 + "\"}",
                        server.admin()),
                422,
                "'name' is too long");

        var work = dir.resolve("work-long-status");
        var sha = new GitCli(dir.resolve("home")).initAndCommit(work, "a.txt", "a\n");
        assertThat(server.http
                        .post("/api/v3/user/repos", "{\"name\":\"statused\"}", Http.token(carol))
                        .status())
                .isEqualTo(201);
        new GitCli(dir.resolve("home"))
                .run(work, "push", "-q", server.cloneUrl("carol/statused", Optional.of(carol)), "main")
                .ok();
        String path = "/api/v3/repos/carol/statused/statuses/" + sha;
        for (String field : new String[] {"context:256", "description:1001", "target_url:2001"}) {
            String[] f = field.split(":");
            assertError(
                    server.http.post(
                            path,
                            "{\"state\":\"success\",\"" + f[0] + "\":\"" + "s".repeat(Integer.parseInt(f[1])) + "\"}",
                            Http.token(carol)),
                    422,
                    "'" + f[0] + "' is too long");
        }
        assertThat(server.http
                        .get("/api/v3/repos/carol/statused/commits/" + sha + "/statuses", Http.token(carol))
                        .json()
                        .size())
                .isZero();
    }

    @Test
    void revokedTokensStopWorking() {
        var created = server.http.post("/api/v3/user/tokens", "{\"name\":\"short-lived\"}", Http.token(carol));
        assertThat(created.status()).isEqualTo(201);
        var secret = created.json().get("token").asText();
        assertThat(secret).startsWith("slw_");
        assertThat(server.http
                        .get("/api/v3/user", Http.token(secret))
                        .json()
                        .get("login")
                        .asText())
                .isEqualTo("carol");
        var listed = server.http.get("/api/v3/user/tokens", Http.token(carol)).body();
        assertThat(listed).contains("short-lived").doesNotContain(secret);

        var id = created.json().get("id").asLong();
        assertThat(server.http
                        .delete("/api/v3/user/tokens/" + id, Http.token(carol))
                        .status())
                .isEqualTo(204);
        assertError(server.http.get("/api/v3/user", Http.token(secret)), 401, "Bad credentials");
        assertError(server.http.delete("/api/v3/user/tokens/" + id, Http.token(carol)), 404, "Not Found");
    }

    @Test
    void healthzAnswersWithoutCredentials() {
        var r = server.http.get("/healthz", Optional.empty());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    private static void assertError(Http.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("message").asText()).contains(message);
        assertThat(r.json().has("documentation_url")).isTrue();
    }
}
