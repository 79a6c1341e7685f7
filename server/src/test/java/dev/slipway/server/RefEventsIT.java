package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code on: create} and {@code on: delete}, as GitHub sends them: a pushed new branch or tag is a {@code create} at
 * that ref; a deleted one a {@code delete} at the default branch, the deleted ref in the payload (a preview
 * environment's clean-up listens for it).
 */
class RefEventsIT extends AliceServer {
    private static final String WORKFLOW = """
            on: [create, delete]
            jobs:
              ref:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event_name }} of ${{ github.event.ref_type }} ${{ github.event.ref }} at $GITHUB_REF id=$GITHUB_REPOSITORY_ID"
                  - run: echo "protected=${{ github.ref_protected }}/$GITHUB_REF_PROTECTED"
                  - run: echo "actor=$GITHUB_ACTOR_ID owner=$GITHUB_REPOSITORY_OWNER_ID private=${{ github.event.repository.private }} ${{ github.event.repository.visibility }}"
            """;
    private static final String RUNS = "/api/v3/repos/alice/site/actions/runs";

    @Test
    void aNewBranchIsACreateAndARemovedOneADeleteAtTheDefaultBranch() throws InterruptedException {
        Path work = dir.resolve("work");
        server.pushNewRepository("alice", alice, "site", work, ".github/workflows/refs.yml", WORKFLOW);
        // the repository's first push creates main: a create too
        // GITHUB_REPOSITORY_ID is the repository's number, as the API gives it
        long id = server.http
                .get("/api/v3/repos/alice/site", Http.token(alice))
                .json()
                .get("id")
                .asLong();
        var first = log(awaitRuns(1).getFirst());
        assertThat(first).contains("create of branch main at refs/heads/main id=" + id + "\n");
        // the sender's and the owner's numbers, as GitHub's payloads carry them
        var aliceId = server.http
                .get("/api/v3/user", Http.token(alice))
                .json()
                .get("id")
                .asLong();
        assertThat(first).contains("actor=" + aliceId + " owner=" + aliceId + " private=false public\n");
        var git = new GitCli(dir.resolve("home"));
        var url = server.cloneUrl("alice/site", Optional.of(alice));

        assertThat(first).contains("protected=false/false\n");
        // a branch a protection rule covers is protected: github.ref_protected and GITHUB_REF_PROTECTED say so
        var rule = server.http.put(
                "/api/v3/repos/alice/site/branches/preview-42/protection",
                "{\"allow_deletions\": true}",
                Http.token(alice));
        assertThat(rule.status()).as(rule.body()).isEqualTo(200);
        git.run(work, "push", "-q", url, "main:preview-42").ok();
        var create = awaitRuns(2).getFirst();
        assertThat(create.get("event").asText()).isEqualTo("create");
        assertThat(log(create))
                .contains("create of branch preview-42 at refs/heads/preview-42")
                .contains("protected=true/true\n");

        git.run(work, "push", "-q", url, ":preview-42").ok();
        var delete = awaitRuns(3).getFirst();
        assertThat(delete.get("event").asText()).isEqualTo("delete");
        assertThat(log(delete)).contains("delete of branch preview-42 at refs/heads/main");

        git.run(work, "tag", "v1").ok();
        git.run(work, "push", "-q", url, "v1").ok();
        var tag = awaitRuns(4).getFirst();
        assertThat(log(tag)).contains("create of tag v1 at refs/tags/v1");

        // a release that makes its tag creates it as a push would
        var release = server.http.post("/api/v3/repos/alice/site/releases", "{\"tag_name\":\"v2\"}", Http.token(alice));
        assertThat(release.status()).as(release.body()).isEqualTo(201);
        assertThat(log(awaitRuns(5).getFirst())).contains("create of tag v2 at refs/tags/v2");
    }

    private static List<JsonNode> runs() {
        var out = new ArrayList<JsonNode>();
        server.http.get(RUNS, Http.token(alice)).json().get("workflow_runs").forEach(out::add);
        return out;
    }

    /** The runs, newest first, once there are {@code count} and all have completed (bounded: 3 minutes). */
    private static List<JsonNode> awaitRuns(int count) throws InterruptedException {
        var deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        List<JsonNode> seen = runs();
        while (java.time.Instant.now().isBefore(deadline)) {
            seen = runs();
            if (seen.size() == count
                    && seen.stream().allMatch(r -> r.get("status").asText().equals("completed"))) {
                return seen;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " completed runs, saw " + seen);
    }

    private static String log(JsonNode run) {
        assertThat(run.get("conclusion").asText()).isEqualTo("success");
        return server.jobLogs("alice/site", Http.token(alice), run.get("id").asLong())
                .get("ref");
    }
}
