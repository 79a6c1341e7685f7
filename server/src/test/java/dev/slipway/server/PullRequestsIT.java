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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source stage end to end with the real git client: a feature branch, a pull request whose workflow checks run,
 * an approval by another user, a merge whose push runs main's pipeline; stale approvals, failing and missing required
 * checks, path-filtered checks, conflicts, squash and rebase.
 */
class PullRequestsIT {
    private static final String CI = """
            name: CI
            on:
              push:
                branches: [main]
              pull_request:
                types: [opened, synchronize, reopened, closed]
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: grep -q good status.txt
                  - run: echo "event ${{ github.event_name }} ${{ github.event.action }} ref ${{ github.ref }} pr ${{ github.event.pull_request.number }} head ${{ github.event.pull_request.head.ref }}"
            """;
    private static final String DOCS = """
            name: Docs
            on:
              pull_request:
                paths: ['docs/**']
            jobs:
              docs:
                runs-on: ubuntu-latest
                steps:
                  - run: echo docs
            """;
    private static final String REVIEW = """
            name: Review
            on:
              pull_request_review:
                types: [submitted]
            jobs:
              note:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "review ${{ github.event.review.state }} by ${{ github.event.review.user.login }} on ${{ github.event.pull_request.number }}"
            """;
    private static final String PROTECTION = """
            {"required_status_checks": {"strict": false, "contexts": ["build", "docs", "lint"]},
             "enforce_admins": true,
             "required_pull_request_reviews": {"required_approving_review_count": 1, "dismiss_stale_reviews": true}}""";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static GitCli git;
    private static String dave;
    private static String erin;
    private static Path work;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        dave = server.userWithToken("dave");
        erin = server.userWithToken("erin");
        assertThat(server.http
                        .post("/api/v3/user/repos", "{\"name\":\"svc\"}", Http.token(dave))
                        .status())
                .isEqualTo(201);
        assertThat(server.http
                        .put("/api/v3/repos/dave/svc/collaborators/erin", "{}", Http.token(dave))
                        .status())
                .isEqualTo(204);
        git = new GitCli(dir.resolve("home"));
        work = dir.resolve("work");
        git.initAndCommit(
                work,
                ".github/workflows/ci.yml",
                CI,
                ".github/workflows/docs.yml",
                DOCS,
                ".github/workflows/review.yml",
                REVIEW,
                "status.txt",
                "good\n",
                "README.md",
                "line one\nline two\n");
        git.run(work, "remote", "add", "origin", server.cloneUrl("dave/svc", Optional.of(dave)))
                .ok();
        git.run(work, "push", "-q", "origin", "main").ok();
        var r = server.http.put("/api/v3/repos/dave/svc/branches/main/protection", PROTECTION, Http.token(dave));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aReviewedGreenPullRequestMergesAndMainsPipelineRuns() {
        git.run(work, "checkout", "-q", "-b", "feature", "main").ok();
        git.commit(work, "break the status", "status.txt", "bad\n");
        var badSha = git.commit(work, "add a file", "feature.txt", "feature\n");
        git.run(work, "push", "-q", "origin", "feature").ok();

        var opened = post(
                "/pulls",
                "{\"title\":\"Add feature\",\"head\":\"feature\",\"base\":\"main\",\"body\":\"Please\"}",
                dave);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var number = opened.json().get("number").asInt();
        assertThat(opened.json().get("head").get("sha").asText()).isEqualTo(badSha);
        var pull = "/pulls/" + number;

        // the pull_request run fails the required check; docs is skipped by its path filter and counts as passed
        var checks = awaitChecks(badSha, c -> completed(c, "CI / build"));
        assertThat(check(checks, "CI / build").get("conclusion").asText()).isEqualTo("failure");
        assertThat(check(checks, "Docs / docs").get("conclusion").asText()).isEqualTo("skipped");
        var prRun = runs("event=pull_request").get(0);
        assertThat(prRun.get("head_sha").asText()).isEqualTo(badSha);
        // as on GitHub, the run's head_sha (and its statuses) is the head; the job checks out the test merge
        var testMerge = git.run(work, "ls-remote", "origin", "refs/pull/" + number + "/merge")
                .ok()
                .out()
                .split("\\s+")[0];
        assertThat(testMerge).hasSize(40).isNotEqualTo(badSha);
        assertThat(log(prRun)).contains("Checking out refs/pull/" + number + "/merge at " + testMerge);
        assertThat(server.http
                        .get("/api/v3/repos/dave/svc/git/ref/pull/" + number + "/head", Http.token(dave))
                        .status())
                .isIn(200, 404); // refs are checked through git below

        assertThat(post(pull + "/reviews", "{\"event\":\"APPROVE\"}", dave)
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("Can not approve your own pull request");
        assertThat(post(pull + "/reviews", "{\"event\":\"APPROVE\",\"body\":\"LGTM\"}", erin)
                        .status())
                .isEqualTo(200);

        var blocked = put(pull + "/merge", "{\"merge_method\":\"merge\"}", dave);
        assertThat(blocked.status()).isEqualTo(405);
        assertThat(blocked.json().get("message").asText())
                .contains("'CI / build' is failing")
                .contains("'lint' has not reported")
                .doesNotContain("docs");

        // a new commit runs the check again and dismisses the stale approval
        git.run(work, "checkout", "-q", "feature").ok();
        var goodSha = git.commit(work, "fix the status", "status.txt", "good\n");
        git.run(work, "push", "-q", "origin", "feature").ok();
        var synced = awaitPull(number, p -> p.get("head").get("sha").asText().equals(goodSha));
        assertThat(synced.get("approvals").asInt()).isZero();
        assertThat(get(pull + "/reviews", dave).json().get(0).get("state").asText())
                .isEqualTo("DISMISSED");
        checks = awaitChecks(goodSha, c -> completed(c, "CI / build"));
        assertThat(check(checks, "CI / build").get("conclusion").asText()).isEqualTo("success");
        assertThat(runs("event=pull_request")).hasSizeGreaterThanOrEqualTo(2);

        // 'lint' is still missing
        assertThat(put(pull + "/merge", "{}", dave).json().get("message").asText())
                .contains("'lint' has not reported")
                .contains("1 approving review is required");
        assertThat(server.http
                        .put(
                                "/api/v3/repos/dave/svc/branches/main/protection",
                                PROTECTION.replace(", \"lint\"", ""),
                                Http.token(dave))
                        .status())
                .isEqualTo(200);
        assertThat(post(pull + "/reviews", "{\"event\":\"APPROVE\"}", erin).status())
                .isEqualTo(200);
        var ready = get(pull, dave).json();
        assertThat(ready.get("blockers")).as(ready.toString()).isEmpty();
        assertThat(ready.get("mergeable_state").asText()).isIn("clean", "unstable"); // the review run may be pending

        var merged = put(pull + "/merge", "{\"merge_method\":\"merge\",\"sha\":\"" + goodSha + "\"}", dave);
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        var mergeSha = merged.json().get("sha").asText();
        assertThat(get(pull + "/merge", dave).status()).isEqualTo(204);
        assertThat(get(pull, dave).json().get("state").asText()).isEqualTo("closed");

        var pushRun = awaitRun("event=push", r -> r.get("head_sha").asText().equals(mergeSha));
        assertThat(pushRun.get("conclusion").asText()).isEqualTo("success");
        var closedRun = awaitRun(
                "event=pull_request",
                r -> log(r).contains("event pull_request closed ref refs/pull/" + number + "/merge"));
        assertThat(log(closedRun)).contains("ref refs/pull/" + number + "/merge pr " + number + " head feature");

        var reviewRun = awaitRun("event=pull_request_review", r -> true);
        assertThat(log(reviewRun)).contains("review approved by erin on " + number);

        git.run(work, "fetch", "-q", "origin").ok();
        assertThat(git.run(work, "rev-parse", "origin/main").ok().out().strip()).isEqualTo(mergeSha);
        assertThat(git.run(work, "log", "-1", "--format=%P", "origin/main")
                        .ok()
                        .out()
                        .strip())
                .endsWith(goodSha);
    }

    @Test
    void autoMergeWaitsForTheRequiredCheckThenMerges() {
        var rule = server.http.put(
                "/api/v3/repos/dave/svc/branches/stable/protection",
                "{\"required_status_checks\": {\"contexts\": [\"build\"]}}",
                Http.token(dave));
        assertThat(rule.status()).isEqualTo(200);
        git.run(work, "checkout", "-q", "-b", "stable", "main").ok();
        git.run(work, "push", "-q", "origin", "stable").ok();
        git.run(work, "checkout", "-q", "-b", "auto", "stable").ok();
        var bad = git.commit(work, "auto change, failing", "status.txt", "bad\n");
        git.run(work, "push", "-q", "origin", "auto").ok();
        var number = post("/pulls", "{\"title\":\"Auto\",\"head\":\"auto\",\"base\":\"stable\"}", erin)
                .json()
                .get("number")
                .asInt();
        var enabled = put("/pulls/" + number + "/auto-merge", "{\"merge_method\":\"squash\"}", erin);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().get("auto_merge").get("merge_method").asText())
                .isEqualTo("squash");

        awaitChecks(bad, c -> completed(c, "CI / build"));
        sleepPastASweep();
        assertThat(get("/pulls/" + number, erin).json().get("merged").asBoolean())
                .isFalse();

        git.run(work, "checkout", "-q", "auto").ok();
        var good = git.commit(work, "fix", "status.txt", "good\n");
        git.run(work, "push", "-q", "origin", "auto").ok();
        var merged = awaitPull(number, p -> p.get("merged").asBoolean());
        assertThat(merged.get("merged_by").get("login").asText()).isEqualTo("erin");
        assertThat(merged.get("head").get("sha").asText()).isEqualTo(good);
        assertThat(merged.get("merge_method").asText()).isEqualTo("squash");
    }

    private static void sleepPastASweep() {
        try {
            Thread.sleep(2_500); // one auto-merge sweep interval and a half: it must not merge a failing head
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aConflictingPullRequestNamesItsFiles() {
        git.run(work, "checkout", "-q", "-b", "conflict-a", "main").ok();
        git.commit(work, "a", "README.md", "line one\nchanged by a\n");
        git.run(work, "push", "-q", "origin", "conflict-a").ok();
        git.run(work, "checkout", "-q", "-b", "conflict-b", "main").ok();
        git.commit(work, "b", "README.md", "line one\nchanged by b\n");
        git.run(work, "push", "-q", "origin", "conflict-b").ok();
        var number = post("/pulls", "{\"title\":\"B\",\"head\":\"conflict-b\",\"base\":\"conflict-a\"}", erin)
                .json()
                .get("number")
                .asInt();
        var pr = get("/pulls/" + number, erin).json();
        assertThat(pr.get("mergeable").asBoolean()).isFalse();
        assertThat(pr.get("mergeable_state").asText()).isEqualTo("dirty");
        assertThat(pr.get("conflicting_files").get(0).asText()).isEqualTo("README.md");
        var merge = put("/pulls/" + number + "/merge", "{}", erin);
        assertThat(merge.status()).isEqualTo(405);
        assertThat(merge.json().get("message").asText()).contains("merge conflicts in README.md");
        var files = get("/pulls/" + number + "/files", erin).json();
        assertThat(files.get(0).get("filename").asText()).isEqualTo("README.md");
        assertThat(files.get(0).get("patch").asText()).contains("-line two", "+changed by b");
    }

    @Test
    void squashAndRebaseMakeLinearHistoryOnAnUnprotectedBase() {
        git.run(work, "checkout", "-q", "-b", "dev", "main").ok();
        git.run(work, "push", "-q", "origin", "dev").ok();
        git.run(work, "checkout", "-q", "-b", "topic", "dev").ok();
        git.commit(work, "one", "one.txt", "1\n");
        git.commit(work, "two", "two.txt", "2\n");
        git.run(work, "push", "-q", "origin", "topic").ok();
        var number = post("/pulls", "{\"title\":\"Topic\",\"head\":\"topic\",\"base\":\"dev\"}", erin)
                .json()
                .get("number")
                .asInt();
        assertThat(get("/pulls/" + number + "/commits", erin).json()).hasSize(2);
        var squashed = put("/pulls/" + number + "/merge", "{\"merge_method\":\"squash\",\"delete_branch\":true}", erin);
        assertThat(squashed.status()).as(squashed.body()).isEqualTo(200);
        git.run(work, "fetch", "-q", "--prune", "origin").ok();
        var sha = squashed.json().get("sha").asText();
        assertThat(git.run(work, "log", "-1", "--format=%P%n%s", sha).ok().out())
                .startsWith(git.run(work, "rev-parse", "main").ok().out().strip())
                .contains("Topic (#" + number + ")");
        assertThat(git.run(work, "branch", "-r").ok().out()).doesNotContain("origin/topic");

        git.run(work, "checkout", "-q", "-b", "topic2", "main").ok();
        git.commit(work, "three", "three.txt", "3\n");
        git.commit(work, "four", "four.txt", "4\n");
        git.run(work, "push", "-q", "origin", "topic2").ok();
        var second = post("/pulls", "{\"title\":\"Topic 2\",\"head\":\"topic2\",\"base\":\"dev\"}", erin)
                .json()
                .get("number")
                .asInt();
        var rebased = put("/pulls/" + second + "/merge", "{\"merge_method\":\"rebase\"}", erin);
        assertThat(rebased.status()).as(rebased.body()).isEqualTo(200);
        git.run(work, "fetch", "-q", "origin").ok();
        assertThat(git.run(work, "log", "--format=%s", "origin/dev")
                        .ok()
                        .out()
                        .lines()
                        .limit(3))
                .containsExactly("four", "three", "Topic (#" + number + ")");
    }

    @Test
    void commentsCloseReopenAndDeletingTheHeadBranchCloses() {
        git.run(work, "checkout", "-q", "-b", "talk", "main").ok();
        git.commit(work, "talk", "talk.txt", "a\nb\n");
        git.run(work, "push", "-q", "origin", "talk").ok();
        var number = post("/pulls", "{\"title\":\"Talk\",\"head\":\"dave:talk\"}", erin)
                .json()
                .get("number")
                .asInt();
        var pull = "/pulls/" + number;
        assertThat(get(pull, erin).json().get("base").get("ref").asText()).isEqualTo("main");

        assertThat(post("/issues/" + number + "/comments", "{\"body\":\"Why?\"}", dave)
                        .status())
                .isEqualTo(201);
        var line = post(pull + "/comments", "{\"body\":\"Typo\",\"path\":\"talk.txt\",\"line\":2}", dave);
        assertThat(line.status()).as(line.body()).isEqualTo(201);
        assertThat(post(pull + "/comments", "{\"body\":\"x\",\"path\":\"README.md\",\"line\":1}", dave)
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("'path': README.md is not changed by this pull request");
        assertThat(get("/issues/" + number + "/comments", erin)
                        .json()
                        .get(0)
                        .get("body")
                        .asText())
                .isEqualTo("Why?");
        assertThat(get(pull + "/comments", erin).json().get(0).get("line").asInt())
                .isEqualTo(2);
        var changes = post(pull + "/reviews", "{\"event\":\"REQUEST_CHANGES\"}", dave);
        assertThat(changes.json().get("message").asText()).contains("'body' is required");

        assertThat(patch(pull, "{\"state\":\"closed\"}", erin)
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("closed");
        var reopened = patch(pull, "{\"state\":\"open\",\"title\":\"Talk more\"}", erin)
                .json();
        assertThat(reopened.get("state").asText()).isEqualTo("open");
        assertThat(reopened.get("title").asText()).isEqualTo("Talk more");

        git.run(work, "push", "-q", "origin", ":talk").ok();
        assertThat(get(pull, erin).json().get("state").asText()).isEqualTo("closed");
        assertThat(patch(pull, "{\"state\":\"open\"}", erin)
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("cannot reopen: the head branch 'talk' is gone");
    }

    @Test
    void openingIsValidatedWithMessagesNamingTheField() {
        assertThat(post("/pulls", "{\"title\":\"x\",\"head\":\"nope\",\"base\":\"main\"}", erin)
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("'head': there is no branch 'nope'");
        assertThat(post("/pulls", "{\"title\":\"x\",\"head\":\"main\",\"base\":\"main\"}", erin)
                        .status())
                .isEqualTo(422);
        assertThat(post("/pulls", "{\"head\":\"main\"}", erin)
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("'title' is required");
        assertThat(get("/pulls?state=sideways", erin).status()).isEqualTo(422);
        assertThat(get("/pulls/999", erin).status()).isEqualTo(404);
    }

    private static JsonNode check(JsonNode checks, String name) {
        for (JsonNode c : checks.get("check_runs")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + checks);
    }

    private static boolean completed(JsonNode checks, String name) {
        for (JsonNode c : checks.get("check_runs")) {
            if (c.get("name").asText().equals(name) && c.get("status").asText().equals("completed")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode awaitChecks(String sha, Predicate<JsonNode> done) {
        return await(
                "checks of " + sha,
                () -> get("/commits/" + sha + "/check-runs", dave).json(),
                done);
    }

    private static JsonNode awaitPull(int number, Predicate<JsonNode> done) {
        return await(
                "pull request " + number, () -> get("/pulls/" + number, dave).json(), done);
    }

    private static JsonNode awaitRun(String query, Predicate<JsonNode> done) {
        return await(
                "run " + query,
                () -> {
                    for (JsonNode r : runs(query)) {
                        if (r.get("status").asText().equals("completed") && done.test(r)) {
                            return r;
                        }
                    }
                    return null;
                },
                r -> r != null);
    }

    private static List<JsonNode> runs(String query) {
        var out = new ArrayList<JsonNode>();
        get("/actions/runs?" + query, dave).json().get("workflow_runs").forEach(out::add);
        return out;
    }

    private static String log(JsonNode run) {
        var jobs = get("/actions/runs/" + run.get("id").asLong() + "/jobs", dave)
                .json()
                .get("jobs");
        var text = new StringBuilder();
        for (JsonNode job : jobs) {
            text.append(get("/actions/jobs/" + job.get("id").asLong() + "/logs", dave)
                    .body());
        }
        return text.toString();
    }

    /** Polls until {@code done} (a wait bounded by a deadline, not a timing assertion). */
    private static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
    }

    private static Http.Response get(String path, String token) {
        return server.http.get("/api/v3/repos/dave/svc" + path, Http.token(token));
    }

    private static Http.Response post(String path, String body, String token) {
        return server.http.post("/api/v3/repos/dave/svc" + path, body, Http.token(token));
    }

    private static Http.Response patch(String path, String body, String token) {
        return server.http.patch("/api/v3/repos/dave/svc" + path, body, Http.token(token));
    }

    private static Http.Response put(String path, String body, String token) {
        return server.http.put("/api/v3/repos/dave/svc" + path, body, Http.token(token));
    }
}
