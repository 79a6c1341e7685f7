package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services API refuses what is not valid with 422 naming the field, lets readers read and writers change, and
 * lets a job's token roll out to its own job's environment only, with {@code deployments: write}.
 */
class ServicesApiIT extends AliceServer {
    private static final String REPO = "/api/v3/repos/alice/app";
    private static final String WEB = REPO + "/environments/staging/services/web";
    private static final String TOKENS = """
            on: push
            jobs:
              other:
                runs-on: ubuntu-latest
                environment: staging
                permissions:
                  deployments: write
                steps:
                  - run: |
                      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \\
                        -d '{"version":"x"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/environments/production/services/web/rollouts")
                      echo "OTHER-ENVIRONMENT-$code"
                    env:
                      TOKEN: ${{ github.token }}
              read-only:
                runs-on: ubuntu-latest
                environment: staging
                permissions:
                  deployments: read
                steps:
                  - run: |
                      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \\
                        -d '{"version":"x"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/environments/staging/services/web/rollouts")
                      echo "READ-ONLY-$code"
                    env:
                      TOKEN: ${{ github.token }}
              no-environment:
                runs-on: ubuntu-latest
                steps:
                  - uses: slipway/rollout@v1
                    with:
                      service: web
                      path: .
                      command: "true"
            """;

    static String bob;

    @BeforeAll
    static void repository() {
        bob = server.userWithToken("bob");
        server.pushNewRepository("alice", alice, "app", dir.resolve("app"), "README.md", "app\n");
        server.putEnvironment("alice/app", "staging", "{}", Http.token(alice));
        server.putEnvironment("alice/app", "production", "{}", Http.token(alice));
        var added = server.http.put(REPO + "/collaborators/bob", "{\"permission\":\"pull\"}", Http.token(alice));
        assertThat(added.status()).as(added.body()).isIn(201, 204);
    }

    @Test
    void anInvalidRolloutIsRefusedNamingTheField() {
        assertInvalid("{}", "'version' is required");
        assertInvalid("{\"version\":\"1\",\"strategy\":\"big-bang\",\"image\":\"nginx\",\"port\":80}", "'strategy'");
        assertInvalid(
                "{\"version\":\"1\",\"strategy\":\"canary\",\"canary_steps\":\"25,wait\",\"image\":\"nginx\",\"port\":80}",
                "'canary_steps'");
        assertInvalid("{\"version\":\"1\"}", "'bundle'");
        assertInvalid(
                "{\"version\":\"1\",\"bundle\":\"0123456789abcdef0123456789abcdef\",\"command\":\"x\"}",
                "'bundle': no bundle");
        assertInvalid("{\"version\":\"1\",\"replicas\":99,\"image\":\"nginx\",\"port\":80}", "'replicas'");
        assertInvalid("{\"version\":\"1\",\"image\":\"nginx\",\"port\":0}", "'port'");
        assertInvalid(
                "{\"version\":\"1\",\"image\":\"nginx\",\"port\":80,\"readiness_path\":\"health\"}",
                "'readiness_path'");
        assertInvalid(
                "{\"version\":\"1\",\"image\":\"nginx\",\"port\":80,\"readiness_timeout\":\"forever\"}",
                "'readiness_timeout'");
        assertInvalid("{\"version\":\"1\",\"image\":\"nginx\",\"port\":80,\"env\":{\"PORT\":\"1\"}}", "'env'");
        var badName = server.http.post(REPO + "/environments/staging/services/Web_1/rollouts", "{}", Http.token(alice));
        assertThat(badName.status()).isEqualTo(422);
        assertThat(badName.body()).contains("'service'");
        var notGzip = server.http.put(WEB + "/bundle", "plain text", Http.token(alice));
        assertThat(notGzip.status()).isEqualTo(422);
        assertThat(notGzip.body()).contains("'bundle'");
        assertThat(server.http.get(WEB, Http.token(alice)).status()).isEqualTo(404);
        assertThat(server.http
                        .get(REPO + "/environments/nowhere/services", Http.token(alice))
                        .status())
                .isEqualTo(404);
        assertThat(server.http
                        .get(REPO + "/environments/staging/services", Http.token(alice))
                        .json()
                        .get("total_count")
                        .asInt())
                .isZero();
    }

    @Test
    void readersReadButOnlyWritersChange() {
        assertThat(server.http
                        .get(REPO + "/environments/staging/services", Http.token(bob))
                        .status())
                .isEqualTo(200);
        var posted = server.http.post(WEB + "/rollouts", "{\"version\":\"1\"}", Http.token(bob));
        assertThat(posted.status()).isEqualTo(403);
        assertThat(posted.body()).contains("write access");
        var schedule = server.http.put(
                REPO + "/environments/staging/scale-schedule",
                "{\"down\":\"0 19 * * *\",\"up\":\"0 7 * * *\"}",
                Http.token(bob));
        assertThat(schedule.status()).isEqualTo(403);
        assertThat(server.http
                        .post(WEB + "/rollouts", "{\"version\":\"1\"}", Optional.empty())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aJobsTokenRollsOutToItsOwnEnvironmentOnlyWithDeploymentsWrite() throws Exception {
        var work = dir.resolve("app");
        java.nio.file.Files.createDirectories(work.resolve(".github/workflows"));
        java.nio.file.Files.writeString(work.resolve(".github/workflows/tokens.yml"), TOKENS);
        var git = new dev.slipway.testing.GitCli(work.resolveSibling("home"));
        git.run(work, "add", ".").ok();
        git.run(work, "commit", "-q", "-m", "tokens").ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/app", Optional.of(alice)), "main")
                .ok();
        var run = server.awaitRun(
                REPO + "/actions/runs",
                Http.token(alice),
                r -> r.get("status").asText().equals("completed"));
        var logs = server.jobLogs("alice/app", Http.token(alice), run.get("id").asLong());
        assertThat(logs.get("other")).contains("OTHER-ENVIRONMENT-403");
        assertThat(logs.get("read-only")).contains("READ-ONLY-403");
        assertThat(logs.get("no-environment"))
                .contains("slipway/rollout rolls out to the job's environment: give the job one");
        assertThat(server.http
                        .get(REPO + "/environments/production/services", Http.token(alice))
                        .json()
                        .get("total_count")
                        .asInt())
                .isZero();
    }

    /**
     * A container image rolled out through the API answers through its router, and removing the service stops it. Needs
     * the image deploy's ContainerReplicasIT builds from the local busybox (Podman here).
     */
    @Test
    void aContainerImageIsRolledOutAndRemoved() throws Exception {
        var image = "localhost/slipway/deploy-it-httpd:1";
        boolean present;
        try {
            present = new ProcessBuilder("podman", "image", "exists", image)
                            .start()
                            .waitFor()
                    == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                present, image + " is missing (deploy's ContainerReplicasIT builds it)");
        var box = REPO + "/environments/production/services/box";
        var posted = server.http.post(
                box + "/rollouts",
                "{\"version\":\"1\",\"image\":\"" + image + "\",\"port\":8080,\"readiness_timeout\":\"30s\"}",
                Http.token(alice));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        var service = RolloutIT.await(
                () -> server.http.get(box, Http.token(alice)).json(),
                s -> !s.get("phase").asText().equals("progressing"));
        assertThat(service.get("phase").asText()).as(service.toString()).isEqualTo("succeeded");
        var url = service.get("url").asText();
        assertThat(RolloutIT.answer(url).strip()).isEqualTo("httpd 1");
        assertThat(server.http.delete(box, Http.token(alice)).status()).isEqualTo(204);
        assertThat(server.http.get(box, Http.token(alice)).status()).isEqualTo(404);
    }

    /**
     * A bundle uploaded through the API runs as processes; rollback rolls the release before the stable one out again
     * as a new revision; replicas are set by hand.
     */
    @Test
    void aBundleRollsOutAndRollbackBringsThePreviousReleaseBack() throws Exception {
        var api = REPO + "/environments/production/services/api";
        assertThat(server.http.post(api + "/rollback", "", Http.token(alice)).status())
                .isEqualTo(404);
        rollOut(api, "v1");
        var conflict = server.http.post(api + "/rollback", "", Http.token(alice));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("no earlier successful release");
        rollOut(api, "v2");
        var url = server.http.get(api, Http.token(alice)).json().get("url").asText();
        assertThat(RolloutIT.answer(url)).isEqualTo(" v2");
        var rollback = server.http.post(api + "/rollback", "", Http.token(alice));
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(201);
        assertThat(rollback.json().get("revision").asInt()).isEqualTo(3);
        assertThat(rollback.json().get("version").asText()).isEqualTo("v1");
        var back = RolloutIT.await(
                () -> server.http.get(api, Http.token(alice)).json(),
                s -> s.get("phase").asText().equals("succeeded")
                        && s.get("stable").get("revision").asInt() == 3);
        assertThat(back.get("url").asText()).isEqualTo(url);
        assertThat(RolloutIT.answer(url)).isEqualTo(" v1");
        var scaled = server.http.put(api + "/replicas", "{\"replicas\":2}", Http.token(alice));
        assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
        RolloutIT.await(
                () -> server.http.get(api, Http.token(alice)).json(),
                s -> s.get("ready_replicas").asInt() == 2);
        assertThat(server.http.put(api + "/replicas", "{}", Http.token(alice)).status())
                .isEqualTo(422);
        assertThat(server.http.delete(api, Http.token(alice)).status()).isEqualTo(204);
    }

    @Test
    void deletingAnEnvironmentStopsItsServices() throws Exception {
        server.putEnvironment("alice/app", "doomed", "{}", Http.token(alice));
        var svc = REPO + "/environments/doomed/services/temp";
        rollOut(svc, "v1");
        var url = server.http.get(svc, Http.token(alice)).json().get("url").asText();
        assertThat(RolloutIT.answer(url)).isEqualTo(" v1");
        assertThat(server.http
                        .delete(REPO + "/environments/doomed", Http.token(alice))
                        .status())
                .isEqualTo(204);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RolloutIT.status(url))
                .isInstanceOf(java.io.IOException.class);
    }

    private static void rollOut(String service, String version) throws Exception {
        var src = dir.resolve("bundle-" + version);
        java.nio.file.Files.createDirectories(src);
        java.nio.file.Files.writeString(src.resolve("app.py"), RolloutIT.APP);
        java.nio.file.Files.writeString(src.resolve("VERSION"), version + "\n");
        var archive = dir.resolve("bundle-" + version + ".tar.gz");
        assertThat(new ProcessBuilder("tar", "-czf", archive.toString(), "-C", src.toString(), ".")
                        .start()
                        .waitFor())
                .isZero();
        var uploaded = server.http.put(
                service + "/bundle", java.nio.file.Files.readAllBytes(archive), "application/gzip", Http.token(alice));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var bundle = uploaded.json().get("bundle").asText();
        var posted = server.http.post(
                service + "/rollouts",
                "{\"version\":\"" + version + "\",\"bundle\":\"" + bundle
                        + "\",\"command\":\"python3 app.py\",\"readiness_timeout\":\"20s\"}",
                Http.token(alice));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        long id = posted.json().get("id").asLong();
        var done = RolloutIT.await(
                () -> server.http
                        .get(service + "/rollouts/" + id, Http.token(alice))
                        .json(),
                r -> r.get("phase").asText().equals("succeeded")
                        || r.get("phase").asText().equals("rolled_back"));
        assertThat(done.get("phase").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("events")).isNotEmpty();
    }

    private static void assertInvalid(String body, String field) {
        var response = server.http.post(WEB + "/rollouts", body, Http.token(alice));
        assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(422);
        assertThat(response.body()).contains(field);
    }
}
