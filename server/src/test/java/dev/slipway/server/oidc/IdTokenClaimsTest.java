package dev.slipway.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.protocol.Assignment;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.workflow.TokenPermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The subject and claims of a job's token, by event and environment, as GitHub forms them. */
class IdTokenClaimsTest {
    private static final String ISSUER = "https://ci.example.com";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static AgentHub.IdTokenJob job(String environment, String event, String ref, String matrix) {
        var workflow = "on: [push, pull_request]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
                + (environment.isEmpty() ? "" : "    environment: " + environment + "\n")
                + "    steps:\n      - run: true\n";
        var contexts = "{\"github\": {\"event_name\": \"" + event + "\", \"ref\": \"" + ref + "\", \"sha\": \""
                + "a".repeat(40) + "\", \"head_ref\": \"" + (event.equals("push") ? "" : "feature")
                + "\", \"base_ref\": \"" + (event.equals("push") ? "" : "main")
                + "\", \"run_id\": \"12\", \"run_number\": \"3\", \"run_attempt\": \"2\", \"actor\": \"alice\"},"
                + " \"matrix\": " + matrix + "}";
        var assignment = new Assignment(
                7,
                1,
                "",
                "deploy",
                "deploy",
                ".github/workflows/deploy.yml",
                workflow,
                "deploy",
                contexts,
                Map.of(),
                List.of("ubuntu-latest"),
                "acme/app",
                ISSUER + "/acme/app.git",
                ISSUER,
                "",
                "");
        return new AgentHub.IdTokenJob(
                new AgentHub.LeasedJob(7, 12, 42, "acme/app", "embedded", TokenPermissions.DEFAULT), assignment);
    }

    private static Map<String, Object> claims(AgentHub.IdTokenJob job, Optional<String> audience) {
        return IdTokenClaims.of(job, ISSUER, audience, NOW, Duration.ofMinutes(5))
                .getClaims();
    }

    @Test
    void aPushNamesItsRefAndTheOwnersUrlIsTheDefaultAudience() {
        var claims = claims(job("", "push", "refs/tags/v1.0", "{}"), Optional.empty());

        assertThat(claims)
                .containsEntry("sub", "repo:acme/app:ref:refs/tags/v1.0")
                .containsEntry("aud", List.of(ISSUER + "/acme"))
                .containsEntry("iss", ISSUER)
                .containsEntry("repository_id", "42")
                .containsEntry("run_attempt", "2")
                .containsEntry("job_workflow_ref", "acme/app/.github/workflows/deploy.yml@refs/tags/v1.0")
                .doesNotContainKey("environment");
    }

    @Test
    void aPullRequestIsNamedAsSuchWithItsBranches() {
        var claims = claims(job("", "pull_request", "refs/pull/4/merge", "{}"), Optional.of("sts.example.com"));

        assertThat(claims)
                .containsEntry("sub", "repo:acme/app:pull_request")
                .containsEntry("aud", List.of("sts.example.com"))
                .containsEntry("head_ref", "feature")
                .containsEntry("base_ref", "main");
    }

    @Test
    void anEnvironmentComesFirstAndItsNameIsEvaluated() {
        assertThat(claims(job("production", "pull_request", "refs/pull/4/merge", "{}"), Optional.empty()))
                .containsEntry("sub", "repo:acme/app:environment:production")
                .containsEntry("environment", "production");
        assertThat(claims(
                        job("{name: \"${{ matrix.target }}\", url: \"https://x\"}", "push", "refs/heads/main", """
                        {"target": "eu-west"}"""),
                        Optional.empty()))
                .containsEntry("sub", "repo:acme/app:environment:eu-west")
                .containsEntry("environment", "eu-west");
    }

    @Test
    void anEnvironmentThatNamesNothingIsLeftOut() {
        var claims = claims(job("${{ matrix.missing }}", "push", "refs/heads/main", "{}"), Optional.empty());

        assertThat(claims)
                .containsEntry("sub", "repo:acme/app:ref:refs/heads/main")
                .doesNotContainKey("environment");
    }
}
