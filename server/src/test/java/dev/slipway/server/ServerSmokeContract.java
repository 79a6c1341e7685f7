package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A real server, real {@code git} over HTTP and the API, against one database backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerSmokeContract {
    private Path dir;
    private TestServer server;
    private GitCli git;
    private String alice;
    private String bob;

    /** The database URL; empty for H2 in the data directory. */
    abstract Optional<String> database();

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("slipway-server-");
        server = TestServer.start(dir.resolve("data"), database());
        git = new GitCli(dir.resolve("home"));
        alice = server.userWithToken("alice");
        bob = server.userWithToken("bob");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        deleteTree(dir);
    }

    @Test
    void tellsHowTheFirstAdministratorWasCreated() {
        assertThat(server.startOutput).contains("Created administrator root.");
        var me = server.http.get("/api/v3/user", server.admin());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("site_admin").asBoolean()).isTrue();
    }

    @Test
    void pushWithTokenThenCloneWithTokenSeesTheCommit() {
        var repo = createRepo(alice, "app", true);
        assertThat(repo.get("full_name").asText()).isEqualTo("alice/app");
        assertThat(repo.get("private").asBoolean()).isTrue();
        var sha = push("alice/app", alice, "README.md", "hello\n");

        var clone = dir.resolve("clone-app");
        git.run(dir, "clone", "-q", server.cloneUrl("alice/app", Optional.of(alice)), clone.toString())
                .ok();
        assertThat(clone.resolve("README.md")).hasContent("hello");

        var branches = server.http.get("/api/v3/repos/alice/app/branches", Http.token(alice));
        assertThat(branches.status()).isEqualTo(200);
        assertThat(branches.json().get(0).get("name").asText()).isEqualTo("main");
        assertThat(branches.json().get(0).get("commit").get("sha").asText()).isEqualTo(sha);
        var commits = server.http.get("/api/v3/repos/alice/app/commits", Http.token(alice));
        assertThat(commits.json().get(0).get("sha").asText()).isEqualTo(sha);
        var commit = server.http.get("/api/v3/repos/alice/app/commits/" + sha, Http.token(alice));
        assertThat(commit.json().get("files").get(0).get("filename").asText()).isEqualTo("README.md");
    }

    @Test
    void privateRepositoryIsHiddenFromAnonymousAndOtherUsers() {
        createRepo(alice, "secret", true);
        push("alice/secret", alice, "a.txt", "a\n");

        var anonymous = git.run(dir, "clone", "-q", server.cloneUrl("alice/secret", Optional.empty()), "anon");
        assertThat(anonymous.exit()).isNotZero();
        assertThat(dir.resolve("anon")).doesNotExist();
        var refs = server.http.get("/alice/secret.git/info/refs?service=git-upload-pack", Optional.empty());
        assertThat(refs.status()).isEqualTo(401);
        assertThat(refs.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

        var asBob = git.run(dir, "clone", "-q", server.cloneUrl("alice/secret", Optional.of(bob)), "bob");
        assertThat(asBob.exit()).isNotZero();
        assertThat(asBob.err()).contains("bob may not read alice/secret");
        assertThat(server.http
                        .get("/api/v3/repos/alice/secret", Http.token(bob))
                        .status())
                .isEqualTo(404);
        assertThat(server.http
                        .get("/api/v3/repos/alice/secret", Optional.empty())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void publicRepositoryClonesAnonymouslyButRefusesAnonymousPushes() {
        createRepo(alice, "lib", false);
        push("alice/lib", alice, "lib.txt", "lib\n");

        var clone = dir.resolve("clone-lib");
        git.run(dir, "clone", "-q", server.cloneUrl("alice/lib", Optional.empty()), clone.toString())
                .ok();
        assertThat(clone.resolve("lib.txt")).hasContent("lib");
        var push = git.run(clone, "push", "-q", server.cloneUrl("alice/lib", Optional.empty()), "HEAD:refs/heads/x");
        assertThat(push.exit()).isNotZero();
        var asBob = git.run(clone, "push", "-q", server.cloneUrl("alice/lib", Optional.of(bob)), "HEAD:refs/heads/x");
        assertThat(asBob.exit()).isNotZero();
        assertThat(asBob.err()).contains("bob may not push to alice/lib");
    }

    @Test
    void commitStatusesAddUpToTheCombinedStatus() {
        createRepo(alice, "checked", true);
        var sha = push("alice/checked", alice, "x.txt", "x\n");
        var path = "/api/v3/repos/alice/checked/statuses/" + sha;

        var posted = server.http.post(path, "{\"state\":\"pending\",\"context\":\"ci/build\"}", Http.token(alice));
        assertThat(posted.status()).isEqualTo(201);
        server.http.post(path, "{\"state\":\"success\",\"context\":\"ci/build\"}", Http.token(alice));
        server.http.post(path, "{\"state\":\"success\",\"context\":\"ci/lint\"}", Http.token(alice));

        var combined = server.http.get("/api/v3/repos/alice/checked/commits/main/status", Http.token(alice));
        assertThat(combined.json().get("state").asText()).isEqualTo("success");
        assertThat(combined.json().get("total_count").asInt()).isEqualTo(2);
        assertThat(server.http.get(path, Http.token(alice)).json().size()).isEqualTo(3);
        assertThat(server.http
                        .post(path, "{\"state\":\"success\"}", Http.token(bob))
                        .status())
                .isEqualTo(404);
    }

    private com.fasterxml.jackson.databind.JsonNode createRepo(String token, String name, boolean isPrivate) {
        var created = server.http.post(
                "/api/v3/user/repos", "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}", Http.token(token));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private String push(String fullName, String token, String file, String content) {
        var work = dir.resolve("work-" + fullName.replace('/', '-'));
        var sha = git.initAndCommit(work, file, content);
        git.run(work, "push", "-q", server.cloneUrl(fullName, Optional.of(token)), "main")
                .ok();
        return sha;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
