package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Branch protection enforced when the real git client pushes, and its GitHub-shaped API. */
class BranchProtectionIT {
    private static final String PROTECTION = """
            {"required_status_checks": {"strict": false, "contexts": ["build"]},
             "enforce_admins": false,
             "required_pull_request_reviews": {"required_approving_review_count": 1, "dismiss_stale_reviews": true},
             "restrictions": null,
             "allow_force_pushes": false, "allow_deletions": false}""";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static GitCli git;
    private static String dave;
    private static String erin;
    private static int clones;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        dave = server.userWithToken("dave");
        erin = server.userWithToken("erin");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"app\"}", Http.token(dave));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var added = server.http.put(
                "/api/v3/repos/dave/app/collaborators/erin", "{\"permission\":\"push\"}", Http.token(dave));
        assertThat(added.status()).as(added.body()).isEqualTo(204);
        git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("seed");
        git.initAndCommit(work, "README.md", "hello\n");
        git.run(work, "branch", "release/1.0").ok();
        git.run(work, "branch", "linear").ok();
        git.run(work, "push", "-q", url(dave), "main", "release/1.0", "linear").ok();
        put("main", PROTECTION);
        put("release/*", "{\"allow_deletions\": false, \"allow_force_pushes\": false}");
        put("linear", "{\"required_linear_history\": true, \"enforce_admins\": true}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDirectPushToAProtectedBranchIsRefusedWithTheRuleAndWhatToDo() {
        var work = cloneAs(erin);
        git.commit(work, "direct change", "README.md", "changed\n");
        var push = git.run(work, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err())
                .contains("remote: error: branch 'main' is protected by rule 'main':")
                .contains("remote: - changes must be made through a pull request")
                .contains("open a pull request: " + server.server.url() + "/dave/app/compare/main")
                .contains(
                        "! [remote rejected] main -> main (protected branch: changes must be made through a pull request)");
        assertThat(headOf("main"))
                .isEqualTo(git.run(work, "rev-parse", "origin/main").ok().out().strip());
    }

    @Test
    void aForcePushIsRefused() {
        var work = cloneAs(erin);
        git.run(work, "checkout", "-q", "release/1.0").ok();
        git.run(work, "commit", "-q", "--amend", "-m", "rewritten").ok();
        var push = git.run(work, "push", "--force", "origin", "release/1.0");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err())
                .contains("remote: error: branch 'release/1.0' is protected by rule 'release/*':")
                .contains("force-pushing to branch 'release/1.0' is not allowed");
    }

    @Test
    void deletingAProtectedBranchIsRefused() {
        var work = cloneAs(erin);
        var push = git.run(work, "push", "origin", ":release/1.0");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("deleting branch 'release/1.0' is not allowed");
        assertThat(server.http
                        .get("/api/v3/repos/dave/app/branches", Http.token(dave))
                        .body())
                .contains("release/1.0");
    }

    @Test
    void anUnprotectedBranchTakesAnyPush() {
        var work = cloneAs(erin);
        git.run(work, "checkout", "-q", "-b", "feature/x").ok();
        git.commit(work, "feature", "x.txt", "x\n");
        git.run(work, "push", "-q", "origin", "feature/x").ok();
        git.run(work, "push", "-q", "origin", ":feature/x").ok();
    }

    @Test
    void mergeCommitsAreRefusedWhereHistoryMustBeLinearEvenForAdmins() {
        var work = cloneAs(dave);
        git.run(work, "checkout", "-q", "linear").ok();
        git.run(work, "checkout", "-q", "-b", "side").ok();
        git.commit(work, "side", "side.txt", "s\n");
        git.run(work, "checkout", "-q", "linear").ok();
        git.commit(work, "other", "other.txt", "o\n");
        git.run(work, "merge", "-q", "--no-ff", "-m", "merge side", "side").ok();
        var push = git.run(work, "push", "origin", "linear");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("merge commits are not allowed (the branch requires a linear history)");
    }

    @Test
    void anAdminMayBypassARuleThatDoesNotEnforceAdminsAndTheBypassIsAudited() {
        var work = cloneAs(dave);
        git.commit(work, "hotfix by the owner", "HOTFIX.md", "urgent\n");
        var push = git.run(work, "push", "origin", "main").ok();
        assertThat(push.err())
                .contains("remote: Bypassed rule violations for refs/heads/main")
                .contains("changes must be made through a pull request");
        var audit = server.http.get("/api/v3/repos/dave/app/branch-protections/bypasses", Http.token(dave));
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get(0).get("actor").get("login").asText()).isEqualTo("dave");
        assertThat(audit.json().get(0).get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(server.http
                        .get("/api/v3/repos/dave/app/branch-protections/bypasses", Http.token(erin))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theProtectionReadsBackInGitHubsShape() {
        var got = server.http.get("/api/v3/repos/dave/app/branches/main/protection", Http.token(erin));
        assertThat(got.status()).isEqualTo(200);
        var json = got.json();
        assertThat(json.get("required_status_checks").get("contexts").get(0).asText())
                .isEqualTo("build");
        assertThat(json.get("required_pull_request_reviews")
                        .get("required_approving_review_count")
                        .asInt())
                .isEqualTo(1);
        assertThat(json.get("required_pull_request_reviews")
                        .get("dismiss_stale_reviews")
                        .asBoolean())
                .isTrue();
        assertThat(json.get("enforce_admins").get("enabled").asBoolean()).isFalse();
        assertThat(json.get("allow_force_pushes").get("enabled").asBoolean()).isFalse();
        var pattern = server.http.get("/api/v3/repos/dave/app/branches/release/*/protection", Http.token(erin));
        assertThat(pattern.status()).as(pattern.body()).isEqualTo(200);
        assertThat(pattern.json().get("pattern").asText()).isEqualTo("release/*");
        var list = server.http.get("/api/v3/repos/dave/app/branch-protections", Http.token(erin));
        assertThat(list.json()).hasSize(3);
        assertThat(server.http
                        .get("/api/v3/repos/dave/app/branches/nope/protection", Http.token(erin))
                        .json()
                        .get("message")
                        .asText())
                .isEqualTo("Branch not protected");
    }

    @Test
    void badProtectionInputIsRefusedNamingTheField() {
        var bad = server.http.put(
                "/api/v3/repos/dave/app/branches/dev/protection",
                "{\"required_pull_request_reviews\": {\"required_approving_review_count\": 9}}",
                Http.token(dave));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("message").asText())
                .contains("required_pull_request_reviews.required_approving_review_count");
        var notAdmin = server.http.put("/api/v3/repos/dave/app/branches/dev/protection", "{}", Http.token(erin));
        assertThat(notAdmin.status()).isEqualTo(403);
        var badGlob = server.http.put("/api/v3/repos/dave/app/branches/%5Boops/protection", "{}", Http.token(dave));
        assertThat(badGlob.status()).isEqualTo(422);
        var removed = server.http.put("/api/v3/repos/dave/app/branches/tmp/protection", "{}", Http.token(dave));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(server.http
                        .delete("/api/v3/repos/dave/app/branches/tmp/protection", Http.token(dave))
                        .status())
                .isEqualTo(204);
    }

    private static void put(String pattern, String body) {
        var r = server.http.put("/api/v3/repos/dave/app/branches/" + pattern + "/protection", body, Http.token(dave));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String headOf(String branch) {
        return server.http
                .get("/api/v3/repos/dave/app/commits/" + branch, Http.token(dave))
                .json()
                .get("sha")
                .asText();
    }

    private static Path cloneAs(String token) {
        var work = dir.resolve("clone-" + (++clones));
        git.run(dir, "clone", "-q", url(token), work.toString()).ok();
        return work;
    }

    private static String url(String token) {
        return server.cloneUrl("dave/app", Optional.of(token));
    }
}
