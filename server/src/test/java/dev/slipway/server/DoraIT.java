package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The DORA metrics of an environment from real deployments: a good deployment, a broken one, and its fix, pushed with
 * the real git client.
 */
class DoraIT extends AliceServer {
    private static final String DEPLOY = """
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment: production
                steps:
                  - uses: actions/checkout@v4
                  - run: test ! -e BROKEN
            """;

    @Test
    void aFailureAndItsFixShowInTheFourMetrics() throws Exception {
        Path work = dir.resolve("work");
        var auth = Http.token(alice);
        var runs = "/api/v3/repos/alice/shop/actions/runs";
        server.pushNewRepository("alice", alice, "shop", work, ".github/workflows/deploy.yml", DEPLOY);
        server.awaitRun(runs, auth, r -> r.get("status").asText().equals("completed"));
        var git = new GitCli(dir.resolve("home"));
        var url = server.cloneUrl("alice/shop", Optional.of(alice));
        Files.writeString(work.resolve("BROKEN"), "x\n");
        git.run(work, "add", "BROKEN").ok();
        git.run(work, "commit", "-q", "-m", "Break it").ok();
        git.run(work, "push", "-q", url, "main").ok();
        var broken = server.awaitRun(
                runs,
                auth,
                r -> r.get("run_number").asInt() == 2
                        && r.get("status").asText().equals("completed"));
        assertThat(broken.get("conclusion").asText()).isEqualTo("failure");
        git.run(work, "rm", "-q", "BROKEN").ok();
        git.run(work, "commit", "-q", "-m", "Fix it").ok();
        git.run(work, "push", "-q", url, "main").ok();
        server.awaitRun(
                runs,
                auth,
                r -> r.get("run_number").asInt() == 3
                        && r.get("status").asText().equals("completed"));

        var dora = server.http.get("/api/v3/repos/alice/shop/environments/production/dora?days=7", auth);
        assertThat(dora.status()).as(dora.body()).isEqualTo(200);
        var m = dora.json();
        assertThat(m.get("days").asInt()).isEqualTo(7);
        assertThat(m.get("deployment_frequency").get("deployments").asInt()).isEqualTo(2);
        assertThat(m.get("deployment_frequency").get("per_week").asDouble()).isEqualTo(2.0);
        // the first deployment brought its commit; the fix brought the breaking commit and itself
        assertThat(m.get("lead_time_for_changes").get("commits").asInt()).isEqualTo(3);
        assertThat(m.get("lead_time_for_changes").get("median_seconds").asLong())
                .isNotNegative();
        assertThat(m.get("change_failure_rate").get("failed").asInt()).isEqualTo(1);
        assertThat(m.get("change_failure_rate").get("rate").asDouble()).isEqualTo(0.333);
        assertThat(m.get("time_to_restore").get("restored").asInt()).isEqualTo(1);
        assertThat(m.get("time_to_restore").get("median_seconds").isNumber()).isTrue();

        assertThat(server.http.get("/alice/shop/environments", auth).body())
                .contains("2 deployments in 30 days", "33% failed");
        var bad = server.http.get("/api/v3/repos/alice/shop/environments/production/dora?days=0", auth);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("'days' must be a whole number from 1 to 365");
        assertThat(server.http
                        .get("/api/v3/repos/alice/shop/environments/nowhere/dora", auth)
                        .status())
                .isEqualTo(404);
    }
}
