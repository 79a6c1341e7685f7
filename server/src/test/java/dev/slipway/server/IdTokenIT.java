package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.slipway.agent.Agent;
import dev.slipway.agent.HttpChannel;
import dev.slipway.agent.RemoteSetup;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.agents.AgentHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID Connect tokens for jobs, as GitHub issues them: a job whose permissions give {@code id-token: write} asks
 * {@code $ACTIONS_ID_TOKEN_REQUEST_URL} with {@code curl} and gets an RS256 JWT describing its run, which verifies
 * against the server's published keys; a job without the permission has no variables; a request token is refused once
 * its job ended, and any other credential always; the signing key outlives a restart. A remote agent gives its jobs
 * the same, at the server as it reaches it.
 */
class IdTokenIT {
    private static final String ASK = "curl -sf -H \"Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN\""
            + " \"$ACTIONS_ID_TOKEN_REQUEST_URL";
    private static final String WORKFLOW = """
            name: OIDC
            on: push
            jobs:
              granted:
                runs-on: ubuntu-latest
                permissions:
                  id-token: write
                  contents: read
                steps:
                  - env:
                      JOB_TOKEN: ${{ github.token }}
                    run: |
                      @ASK@&audience=sts.example.com" > '@DIR@/audience.json'
                      @ASK@" > '@DIR@/default.json'
                      printf '%s' "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" > '@DIR@/request-token'
                      echo "url: $ACTIONS_ID_TOKEN_REQUEST_URL"
                      echo "token: $ACTIONS_ID_TOKEN_REQUEST_TOKEN"
                      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: bearer $JOB_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL")
                      echo "with the job token: $code"
              deploy:
                runs-on: ubuntu-latest
                environment:
                  name: stage-${{ github.ref_name }}
                permissions:
                  id-token: write
                steps:
                  - run: |
                      @ASK@" > '@DIR@/environment.json'
              plain:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "url=${ACTIONS_ID_TOKEN_REQUEST_URL:-none} token=${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-none}"
            """;

    @TempDir
    Path dir;

    @Test
    void aJobWithIdTokenWriteGetsASignedTokenDescribingItsRunAndOthersGetNone() throws Exception {
        try (var server = TestServer.start(dir.resolve("data"), Optional.empty())) {
            var out = Files.createDirectories(dir.resolve("out"));
            var alice = server.userWithToken("alice");
            var run = pushAndAwait(server, alice, out);
            var logs = server.jobLogs(
                    "alice/cloud", Http.token(alice), run.get("id").asLong());
            var url = server.server.url();

            assertThat(run.get("conclusion").asText()).as(logs.toString()).isEqualTo("success");
            assertThat(logs.get("granted"))
                    .contains("url: " + url + "/api/agent/v1/jobs/idtoken?api-version=2.0", "token: ***")
                    .contains("with the job token: 401");
            assertThat(logs.get("plain")).contains("url=none token=none");

            var discovery = server.http.get("/.well-known/openid-configuration", Optional.empty());
            assertThat(discovery.status()).isEqualTo(200);
            var config = discovery.json();
            assertThat(config.get("issuer").asText()).isEqualTo(url);
            assertThat(config.get("jwks_uri").asText()).isEqualTo(url + "/.well-known/jwks");
            assertThat(texts(config.get("id_token_signing_alg_values_supported")))
                    .containsExactly("RS256");
            assertThat(texts(config.get("subject_types_supported"))).contains("public");
            assertThat(texts(config.get("response_types_supported"))).contains("id_token");
            assertThat(texts(config.get("claims_supported")))
                    .contains("sub", "aud", "repository", "job_workflow_ref", "runner_environment");

            var keys = JWKSet.parse(
                    server.http.get("/.well-known/jwks", Optional.empty()).body());
            var token = verified(keys, out.resolve("default.json"));
            var claims = token.getJWTClaimsSet();
            var repoId = server.http
                    .get("/api/v3/repos/alice/cloud", Http.token(alice))
                    .json()
                    .get("id")
                    .asText();
            assertThat(claims.getIssuer()).isEqualTo(url);
            assertThat(claims.getSubject()).isEqualTo("repo:alice/cloud:ref:refs/heads/main");
            assertThat(claims.getAudience()).containsExactly(url + "/alice");
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
            assertThat(Duration.between(
                            claims.getIssueTime().toInstant(),
                            claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(5));
            assertThat(claims.getClaims())
                    .containsEntry("repository", "alice/cloud")
                    .containsEntry("repository_owner", "alice")
                    .containsEntry("repository_id", repoId)
                    .containsEntry(
                            "repository_owner_id",
                            server.http
                                    .get("/api/v3/user", Http.token(alice))
                                    .json()
                                    .get("id")
                                    .asText())
                    .containsEntry("repository_visibility", "private") // the repository is private
                    .containsEntry("actor", "alice")
                    .containsEntry("actor_id", claims.getClaims().get("repository_owner_id"))
                    .containsEntry("ref", "refs/heads/main")
                    .containsEntry("ref_type", "branch")
                    .containsEntry("ref_protected", "false")
                    .containsEntry("sha", run.get("head_sha").asText())
                    .containsEntry("workflow", "OIDC")
                    .containsEntry("workflow_ref", "alice/cloud/.github/workflows/oidc.yml@refs/heads/main")
                    .containsEntry("job_workflow_ref", "alice/cloud/.github/workflows/oidc.yml@refs/heads/main")
                    .containsEntry("event_name", "push")
                    .containsEntry("run_id", run.get("id").asText())
                    .containsEntry("run_number", run.get("run_number").asText())
                    .containsEntry("run_attempt", "1")
                    .containsEntry("head_ref", "")
                    .containsEntry("base_ref", "")
                    .containsEntry("runner_environment", "self-hosted")
                    .doesNotContainKey("environment");

            assertThat(verified(keys, out.resolve("audience.json"))
                            .getJWTClaimsSet()
                            .getAudience())
                    .containsExactly("sts.example.com");
            var deployed = verified(keys, out.resolve("environment.json")).getJWTClaimsSet();
            assertThat(deployed.getSubject()).isEqualTo("repo:alice/cloud:environment:stage-main");
            assertThat(deployed.getClaims()).containsEntry("environment", "stage-main");

            // the job has ended: its request token with it; other credentials never were any
            var ended = Files.readString(out.resolve("request-token"));
            assertThat(ended).startsWith("slo_");
            for (var credential : List.of("Bearer " + ended, "Bearer slo_forged", Http.token(alice))) {
                var refused = server.http.get("/api/agent/v1/jobs/idtoken?api-version=2.0", credential);
                assertThat(refused.status()).as(credential).isEqualTo(401);
                assertThat(refused.json().get("message").asText()).contains("id-token: write");
            }
            assertThat(server.http
                            .get("/api/agent/v1/jobs/idtoken", Optional.empty())
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void theSigningKeyOutlivesARestart() throws Exception {
        var data = dir.resolve("data");
        String before;
        try (var server = TestServer.start(data, Optional.empty())) {
            before = kid(server);
        }
        try (var server = TestServer.start(data, Optional.empty())) {
            assertThat(kid(server)).isEqualTo(before);
        }
        assertThat(Files.readString(data.resolve("secrets/oidc-signing-key.jwk")))
                .contains("\"d\"");
    }

    @Test
    void aRemoteAgentsJobAsksTheServerAsTheAgentReachesIt() throws Exception {
        var dispatch = new DispatchConfig(AgentHub.Settings.DEFAULTS, false);
        try (var server = TestServer.start(dir.resolve("data"), ServerConfig.defaults(), dispatch)) {
            var out = Files.createDirectories(dir.resolve("out"));
            var alice = server.userWithToken("alice");
            // the agent reaches the server by another name than the server's own URL
            var viaLocalhost = server.server.url().replace("127.0.0.1", "localhost");
            var registration = server.http
                    .post("/api/v3/admin/runners/registration-token", "", server.admin())
                    .json()
                    .get("token")
                    .asText();
            var labels = new HashSet<>(Platforms.DEFAULT_HOST_LABELS);
            var credential = HttpChannel.register(viaLocalhost, registration, "remote", labels, 2, "test");
            var agent = new Agent(
                    new HttpChannel(viaLocalhost, credential),
                    Platforms.hostDefaults(HostExecutor.create()),
                    new RemoteSetup(viaLocalhost, dir.resolve("agent-mirrors"), RuntimeOptions.defaults()),
                    dir.resolve("agent"),
                    new Agent.Options(labels, 2, false, Duration.ofSeconds(5)));
            var loop = Thread.ofVirtual().start(agent::run);
            try {
                var run = pushAndAwait(server, alice, out);
                var logs = server.jobLogs(
                        "alice/cloud", Http.token(alice), run.get("id").asLong());

                assertThat(run.get("conclusion").asText()).as(logs.toString()).isEqualTo("success");
                assertThat(logs.get("granted"))
                        .contains("url: " + viaLocalhost + "/api/agent/v1/jobs/idtoken?api-version=2.0");
                assertThat(logs.get("plain")).contains("url=none token=none");
                var keys = JWKSet.parse(
                        server.http.get("/.well-known/jwks", Optional.empty()).body());
                var claims = verified(keys, out.resolve("default.json")).getJWTClaimsSet();
                assertThat(claims.getIssuer()).isEqualTo(server.server.url());
                assertThat(claims.getSubject()).isEqualTo("repo:alice/cloud:ref:refs/heads/main");
            } finally {
                agent.stop();
                loop.join(Duration.ofMinutes(1));
            }
        }
    }

    private static JsonNode pushAndAwait(TestServer server, String alice, Path out) {
        var workflow = WORKFLOW.replace("@ASK@", ASK).replace("@DIR@", out.toString());
        server.pushNewPrivateRepository(
                "alice", alice, "cloud", out.resolveSibling("work"), ".github/workflows/oidc.yml", workflow);
        return server.awaitRun(
                "/api/v3/repos/alice/cloud/actions/runs",
                Http.token(alice),
                r -> r.get("status").asText().equals("completed"));
    }

    /** The token in a {@code {"value": ...}} answer, its RS256 signature checked with the key its {@code kid} names. */
    private static SignedJWT verified(JWKSet keys, Path answer) throws Exception {
        var value = Http.JSON.readTree(Files.readString(answer)).get("value").asText();
        var jwt = SignedJWT.parse(value);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key)
                .as("the key %s is published", jwt.getHeader().getKeyID())
                .isInstanceOf(RSAKey.class);
        assertThat(jwt.verify(new RSASSAVerifier((RSAKey) key))).isTrue();
        return jwt;
    }

    private static String kid(TestServer server) throws Exception {
        var keys = JWKSet.parse(
                server.http.get("/.well-known/jwks", Optional.empty()).body());
        assertThat(keys.getKeys()).hasSize(1);
        assertThat(keys.getKeys().getFirst().isPrivate()).isFalse();
        return keys.getKeys().getFirst().getKeyID();
    }

    private static List<String> texts(JsonNode array) {
        var list = new java.util.ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
