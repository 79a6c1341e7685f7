package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code on: workflow_run} on the server, as GitHub runs it: a workflow of the default branch starts when a run of the
 * workflow it names completes, at the default branch's tip, with the upstream run in {@code github.event}; chains stop
 * after three levels.
 */
class WorkflowRunIT extends AliceServer {
    private static final String CI = """
            name: CI
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps: [{run: 'test "$GITHUB_REF_NAME" != broken'}]
            """;
    private static final String DEPLOY = """
            name: Deploy
            on:
              workflow_run:
                workflows: [CI]
                types: [completed]
            jobs:
              deploy:
                if: github.event.workflow_run.conclusion == 'success'
                runs-on: ubuntu-latest
                steps:
                  - run: echo "deploy ${{ github.event.workflow_run.head_sha }} of ${{ github.event.workflow_run.head_branch }} (${{ github.event.action }}) at $GITHUB_REF $GITHUB_SHA"
            """;

    @Test
    void aCompletedRunStartsTheWorkflowsThatNameItAtTheDefaultBranch() throws Exception {
        Path work = dir.resolve("shop");
        server.pushNewRepository(
                "alice", alice, "shop", work, ".github/workflows/ci.yml", CI, ".github/workflows/deploy.yml", DEPLOY);
        var main = new GitCli(dir.resolve("home"))
                .run(work, "rev-parse", "HEAD")
                .out()
                .strip();
        var runs = awaitCompleted("alice/shop", 2);
        var deploy = byName(runs, "Deploy");
        assertThat(deploy.get("event").asText()).isEqualTo("workflow_run");
        assertThat(deploy.get("conclusion").asText()).isEqualTo("success");
        assertThat(log("alice/shop", deploy))
                .contains("deploy " + main + " of main (completed) at refs/heads/main " + main);

        // a failing run of another branch: Deploy runs at main, and its job's if skips it
        var git = new GitCli(dir.resolve("home"));
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main:broken")
                .ok();
        runs = awaitCompleted("alice/shop", 4);
        assertThat(runs.get(0).get("name").asText()).isEqualTo("Deploy");
        assertThat(runs.get(0).get("head_sha").asText()).isEqualTo(main);
        // every job skipped: the run is skipped, as GitHub concludes it
        assertThat(runs.get(0).get("conclusion").asText()).isEqualTo("skipped");
        assertThat(runs.get(1).get("conclusion").asText()).isEqualTo("failure");
        var jobs = server.http
                .get(
                        "/api/v3/repos/alice/shop/actions/runs/"
                                + runs.get(0).get("id").asLong() + "/jobs",
                        Http.token(alice))
                .json()
                .get("jobs");
        assertThat(jobs.get(0).get("conclusion").asText()).isEqualTo("skipped");
    }

    @Test
    void workflowRunChainsStopAfterThreeLevels() throws Exception {
        var files = new ArrayList<String>(List.of(".github/workflows/ci.yml", CI));
        for (int i = 1; i <= 4; i++) {
            files.add(".github/workflows/chain" + i + ".yml");
            files.add("""
                    name: Chain%d
                    on:
                      workflow_run:
                        workflows: [%s]
                        types: [completed]
                    jobs:
                      next:
                        runs-on: ubuntu-latest
                        steps: [{run: echo level %d}]
                    """.formatted(i, i == 1 ? "CI" : "Chain" + (i - 1), i));
        }
        server.pushNewRepository("alice", alice, "chain", dir.resolve("chain"), files.toArray(String[]::new));
        var runs = awaitCompleted("alice/chain", 4);
        // a bounded look for a fifth run, which must not come: Chain4 would be a fourth level
        var deadline = Instant.now().plus(Duration.ofSeconds(3));
        while (Instant.now().isBefore(deadline)) {
            assertThat(runs()).doesNotContain("Chain4");
            Thread.sleep(100);
        }
        assertThat(runs.stream().map(r -> r.get("name").asText()).toList())
                .containsExactly("Chain3", "Chain2", "Chain1", "CI");
    }

    private static List<String> runs() {
        var out = new ArrayList<String>();
        server.http
                .get("/api/v3/repos/alice/chain/actions/runs", Http.token(alice))
                .json()
                .get("workflow_runs")
                .forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static JsonNode byName(List<JsonNode> runs, String name) {
        return runs.stream()
                .filter(r -> r.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** The runs, newest first, once there are {@code count} and all have completed (bounded: 3 minutes). */
    private static List<JsonNode> awaitCompleted(String repo, int count) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        List<JsonNode> seen = List.of();
        while (Instant.now().isBefore(deadline)) {
            var list = new ArrayList<JsonNode>();
            server.http
                    .get("/api/v3/repos/" + repo + "/actions/runs", Http.token(alice))
                    .json()
                    .get("workflow_runs")
                    .forEach(list::add);
            seen = list;
            if (list.size() == count
                    && list.stream().allMatch(r -> r.get("status").asText().equals("completed"))) {
                return list;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " completed runs of " + repo + ", saw " + seen);
    }

    private static String log(String repo, JsonNode run) {
        return String.join(
                "\n",
                server.jobLogs(repo, Http.token(alice), run.get("id").asLong()).values());
    }
}
