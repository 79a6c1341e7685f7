package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository secrets and variables: managed through the API (secrets write-only), given to runs as the {@code
 * secrets} and {@code vars} contexts, secret values masked in the job log.
 */
class SecretsAndVariablesIT {
    private static final String WORKFLOW = """
            name: deploy
            on: workflow_dispatch
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "key=${{ secrets.DEPLOY_KEY }} target=${{ vars.TARGET }} missing=[${{ secrets.NOPE }}]"
                  - run: echo "from env $KEY"
                    env:
                      KEY: ${{ secrets.deploy_key }}
            """;
    private static final String VALUE = "s3cr3t-Value-42";
    private static final String ACTIONS = "/api/v3/repos/fay/app/actions";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String fay;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        fay = server.userWithToken("fay");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"app\",\"private\":true}", Http.token(fay));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/deploy.yml", WORKFLOW);
        git.run(work, "push", "-q", server.cloneUrl("fay/app", Optional.of(fay)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void runsGetSecretsMaskedAndVariablesInTheirContexts() {
        assertThat(put("DEPLOY_KEY", VALUE).status()).isIn(201, 204);
        var variable = server.http.post(ACTIONS + "/variables", "{\"name\":\"target\",\"value\":\"staging\"}", auth());
        assertThat(variable.status()).as(variable.body()).isIn(201, 409);
        var changed = server.http.patch(ACTIONS + "/variables/TARGET", "{\"value\":\"prod-eu\"}", auth());
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);

        var dispatched = server.http.post(ACTIONS + "/workflows/deploy.yml/dispatches", "{\"ref\":\"main\"}", auth());
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var run = server.awaitRun(
                ACTIONS + "/runs", auth(), r -> r.get("status").asText().equals("completed"));
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        var job = server.http
                .get(ACTIONS + "/runs/" + run.get("id").asLong() + "/jobs", auth())
                .json()
                .get("jobs")
                .get(0);
        var log = server.http
                .get(ACTIONS + "/jobs/" + job.get("id").asLong() + "/logs", auth())
                .body();
        assertThat(log)
                .contains("key=*** target=prod-eu missing=[]")
                .contains("from env ***")
                .doesNotContain(VALUE);
    }

    @Test
    void secretsAreWriteOnlyAndReplacedInPlace() {
        assertThat(put("API_TOKEN", "first").status()).isEqualTo(201);
        assertThat(put("api_token", "second").status()).isEqualTo(204);

        var list = server.http.get(ACTIONS + "/secrets", auth());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("first").doesNotContain("second");
        assertThat(list.json().get("secrets"))
                .anySatisfy(s -> assertThat(s.get("name").asText()).isEqualTo("API_TOKEN"));
        var one = server.http.get(ACTIONS + "/secrets/api_token", auth()).json();
        assertThat(one.get("name").asText()).isEqualTo("API_TOKEN");
        assertThat(one.has("value")).isFalse();
        assertThat(one.get("updated_at").asText()).isNotEmpty();

        assertThat(server.http.delete(ACTIONS + "/secrets/API_TOKEN", auth()).status())
                .isEqualTo(204);
        assertThat(server.http.get(ACTIONS + "/secrets/API_TOKEN", auth()).status())
                .isEqualTo(404);
        assertThat(server.http.delete(ACTIONS + "/secrets/API_TOKEN", auth()).status())
                .isEqualTo(404);
    }

    @Test
    void badNamesAndBodiesAre422NamingTheField() {
        var digit = put("1ABC", "x");
        assertThat(digit.status()).isEqualTo(422);
        assertThat(digit.json().get("message").asText()).contains("'name'").contains("digit");
        var reserved = put("GITHUB_TOKEN", "x");
        assertThat(reserved.status()).isEqualTo(422);
        assertThat(reserved.json().get("message").asText()).contains("GITHUB_");
        var noData = server.http.put(ACTIONS + "/secrets/OK_NAME", "{}", auth());
        assertThat(noData.status()).isEqualTo(422);
        assertThat(noData.json().get("message").asText()).contains("'data'");
        var badVariable = server.http.post(ACTIONS + "/variables", "{\"name\":\"a-b\",\"value\":\"x\"}", auth());
        assertThat(badVariable.status()).isEqualTo(422);
        var noValue = server.http.post(ACTIONS + "/variables", "{\"name\":\"EMPTY\"}", auth());
        assertThat(noValue.status()).isEqualTo(422);
        assertThat(noValue.json().get("message").asText()).contains("'value'");
    }

    @Test
    void variablesCanBeListedRenamedAndDeleted() {
        assertThat(server.http
                        .post(ACTIONS + "/variables", "{\"name\":\"REGION\",\"value\":\"eu\"}", auth())
                        .status())
                .isEqualTo(201);
        assertThat(server.http
                        .post(ACTIONS + "/variables", "{\"name\":\"region\",\"value\":\"us\"}", auth())
                        .status())
                .isEqualTo(409);
        assertThat(server.http
                        .patch(ACTIONS + "/variables/REGION", "{\"name\":\"ZONE\"}", auth())
                        .status())
                .isEqualTo(204);
        var zone = server.http.get(ACTIONS + "/variables/zone", auth()).json();
        assertThat(zone.get("value").asText()).isEqualTo("eu");
        assertThat(server.http.get(ACTIONS + "/variables", auth()).json().get("variables"))
                .anySatisfy(v -> assertThat(v.get("name").asText()).isEqualTo("ZONE"))
                .noneSatisfy(v -> assertThat(v.get("name").asText()).isEqualTo("REGION"));
        assertThat(server.http.delete(ACTIONS + "/variables/ZONE", auth()).status())
                .isEqualTo(204);
        assertThat(server.http.get(ACTIONS + "/variables/ZONE", auth()).status())
                .isEqualTo(404);
    }

    @Test
    void othersCannotSeeOrChangeSecrets() {
        var mallory = server.userWithToken("mallory");
        assertThat(server.http.get(ACTIONS + "/secrets", Http.token(mallory)).status())
                .isEqualTo(404);
        assertThat(server.http
                        .put(ACTIONS + "/secrets/X", "{\"data\":\"y\"}", Http.token(mallory))
                        .status())
                .isEqualTo(404);
        assertThat(server.http.get(ACTIONS + "/secrets", Optional.empty()).status())
                .isIn(401, 404);
    }

    private static Http.Response put(String name, String value) {
        return server.http.put(ACTIONS + "/secrets/" + name, "{\"data\":\"" + value + "\"}", auth());
    }

    private static String auth() {
        return Http.token(fay);
    }
}
