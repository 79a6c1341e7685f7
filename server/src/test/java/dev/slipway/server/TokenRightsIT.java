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
 * What tokens may do on the server, as on GitHub: a job's token ({@code GITHUB_TOKEN}) what the workflow's {@code
 * permissions:} give it in the registry; a personal access token with scopes what its scopes grant, in
 * the API, over git and in the registry (a token without scopes keeps all its user's rights).
 */
class TokenRightsIT {
    // each job tries the registry (start a blob upload: push; list tags: pull) and git (ls-remote of its own private
    // repository) with its token, and prints the answers
    private static final String PROBE = """
                steps:
                  - run: |
                      auth="x:${{ github.token }}"
                      push=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -X POST "$GITHUB_SERVER_URL/v2/alice/shop/blobs/uploads/")
                      pull=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" "$GITHUB_SERVER_URL/v2/alice/shop/tags/list")
                      # a repository without images yet answers its tag list 404 (NAME_UNKNOWN), one with 200
                      case $pull in 200|404) pull=allowed ;; esac
                      if git ls-remote "${GITHUB_SERVER_URL/:\\/\\//://$auth@}/alice/shop.git" >/dev/null 2>&1; then read=yes; else read=no; fi
                      echo "rights: push $push, pull $pull, git read $read"
            """;
    // the smallest image: an empty config blob uploaded whole, then a manifest without layers, tagged "pushed"
    private static final String PUSH = """
                  - run: |
                      auth="x:${{ github.token }}"
                      v2="$GITHUB_SERVER_URL/v2/alice/shop"
                      config=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
                      curl -sf -u "$auth" -X POST --data-binary '{}' -H 'Content-Type: application/octet-stream' "$v2/blobs/uploads/?digest=$config"
                      manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"'$config'","size":2},"layers":[]}'
                      curl -sf -u "$auth" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "$manifest" "$v2/manifests/pushed"
                      echo "image pushed"
            """;
    private static final String WORKFLOW = "on: workflow_dispatch\njobs:\n"
            + "  default:\n    runs-on: ubuntu-latest\n" + PROBE + PUSH
            + "  contents-read:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n" + PROBE
            + "  packages-write:\n    runs-on: ubuntu-latest\n    permissions: {packages: write}\n" + PROBE
            + "  packages-read:\n    runs-on: ubuntu-latest\n    permissions: read-all\n" + PROBE;
    // a job with contents: write pushes a branch to its own repository, one with contents: read is refused; the push
    // starts no run of this workflow's push trigger (GitHub: the GITHUB_TOKEN's pushes trigger no workflows)
    private static final String PUSHBACK = """
            on:
              workflow_dispatch:
              push:
                branches: [from-job]
            jobs:
              writer:
                runs-on: ubuntu-latest
                permissions: {contents: write}
                steps:
                  - uses: actions/checkout@v4
                  - run: |
                      git -c user.name=bot -c user.email=bot@example.com commit -q --allow-empty -m "from the job"
                      git push -q "${GITHUB_SERVER_URL/:\\/\\//://x:${{ github.token }}@}/alice/shop.git" HEAD:refs/heads/from-job
                      echo "pushed by the ${WHO:-writer}"
              reader:
                runs-on: ubuntu-latest
                permissions: {contents: read}
                steps:
                  - uses: actions/checkout@v4
                  - run: |
                      git -c user.name=bot -c user.email=bot@example.com commit -q --allow-empty -m "from the job"
                      if git push -q "${GITHUB_SERVER_URL/:\\/\\//://x:${{ github.token }}@}/alice/shop.git" HEAD:refs/heads/from-reader 2>err; then
                        echo "pushed by the ${WHO:-reader}"
                      fi
                      cat err
            """;
    private static final String ACTIONS = "/api/v3/repos/alice/shop/actions";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String alice;
    private static String password;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = server.userWithToken("alice");
        password = "alice-password";
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"shop\",\"private\":true}", Http.token(alice));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        Path work = dir.resolve("work");
        git.initAndCommit(work, ".github/workflows/rights.yml", WORKFLOW, ".github/workflows/pushback.yml", PUSHBACK);
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJobsTokenDoesWhatItsPermissionsSay() {
        var run = server.dispatchAndAwait("alice/shop", "rights.yml", Http.token(alice));
        var logs = server.jobLogs("alice/shop", Http.token(alice), run.get("id").asLong());

        // no permissions anywhere: GitHub's permissive default, read and write
        assertThat(logs.get("default")).contains("rights: push 202, pull allowed, git read yes");
        // a mapping leaves packages at none: no push, no pull of the private repository's images
        assertThat(logs.get("contents-read")).contains("rights: push 403, pull 403, git read yes");
        // contents at none: the job's token still reads its own repository, which its agent fetched with it
        assertThat(logs.get("packages-write")).contains("rights: push 202, pull allowed, git read yes");
        assertThat(logs.get("packages-read")).contains("rights: push 403, pull allowed, git read yes");

        // the image a job pushed links to the run that pushed it, and names no token
        assertThat(logs.get("default")).contains("image pushed");
        var image = server.http
                .get("/api/v3/repos/alice/shop/images", Http.token(alice))
                .json()
                .get(0);
        assertThat(image.get("pusher").asText()).isEqualTo("github-actions[bot]");
        assertThat(image.get("run").get("html_url").asText())
                .endsWith("/alice/shop/actions/runs/" + run.get("id").asLong());
    }

    @Test
    void aServerWithTheRestrictedDefaultGivesSilentWorkflowsReadOnlyTokens() {
        try (var restricted = TestServer.start(
                dir.resolve("restricted"),
                ServerConfig.defaults().withTokenPermissions(ServerConfig.tokenPermissions("restricted", "test")))) {
            var token = restricted.userWithToken("alice");
            restricted.http.post("/api/v3/user/repos", "{\"name\":\"shop\",\"private\":true}", Http.token(token));
            var git = new GitCli(dir.resolve("home-restricted"));
            Path work = dir.resolve("work-restricted");
            git.initAndCommit(work, ".github/workflows/rights.yml", WORKFLOW);
            git.run(work, "push", "-q", restricted.cloneUrl("alice/shop", Optional.of(token)), "main")
                    .ok();
            var run = restricted.dispatchAndAwait("alice/shop", "rights.yml", Http.token(token));
            var logs = restricted.jobLogs(
                    "alice/shop", Http.token(token), run.get("id").asLong());

            // the workflow says nothing: contents and packages read; a job that asks for packages: write gets it
            assertThat(logs.get("default")).contains("rights: push 403, pull allowed, git read yes");
            assertThat(logs.get("packages-write")).contains("rights: push 202, pull allowed, git read yes");
        }
    }

    @Test
    void aJobsTokenPushesWithContentsWriteAndItsPushStartsNoRun() {
        var run = server.dispatchAndAwait("alice/shop", "pushback.yml", Http.token(alice));
        var logs = server.jobLogs("alice/shop", Http.token(alice), run.get("id").asLong());

        assertThat(logs.get("writer")).contains("pushed by the writer");
        assertThat(logs.get("reader"))
                .doesNotContain("pushed by the reader")
                .contains("its permissions give contents: read, and a push needs contents: write");
        var branches = server.http
                .get("/api/v3/repos/alice/shop/branches", Http.token(alice))
                .body();
        assertThat(branches).contains("from-job").doesNotContain("from-reader");
        var pushRuns =
                server.http.get(ACTIONS + "/runs?event=push", Http.token(alice)).json();
        assertThat(pushRuns.get("total_count").asInt()).as(pushRuns.toString()).isZero();
    }

    @Test
    void aTokensScopesLimitWhatItsUserMayDo() {
        var packages = token("{\"name\":\"pull only\",\"scopes\":[\"read:packages\"]}");
        var repo = token("{\"name\":\"code\",\"scopes\":[\"repo\"]}");

        // the API: a read of a repository the scope does not cover goes on as anonymous (private: not found)
        assertThat(server.http
                        .get("/api/v3/repos/alice/shop", Http.token(packages))
                        .status())
                .isEqualTo(404);
        assertThat(server.http.get("/api/v3/repos/alice/shop", Http.token(repo)).status())
                .isEqualTo(200);
        var refused = server.http.put(ACTIONS + "/secrets/X", "{\"data\":\"x\"}", Http.token(packages));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("it needs the 'repo' scope", "read:packages");
        assertThat(refused.raw().headers().firstValue("X-Accepted-OAuth-Scopes"))
                .contains("repo");
        assertThat(refused.raw().headers().firstValue("X-OAuth-Scopes")).contains("read:packages");
        assertThat(server.http.get("/api/v3/user", Http.token(packages)).status())
                .isEqualTo(200);
        // a public repository reads as anonymous would; a route that wants someone names the missing scope
        server.http.post("/api/v3/user/repos", "{\"name\":\"open\"}", Http.token(alice));
        assertThat(server.http
                        .get("/api/v3/repos/alice/open", Http.token(packages))
                        .status())
                .isEqualTo(200);
        var secrets = server.http.get("/api/v3/repos/alice/open/actions/secrets", Http.token(packages));
        assertThat(secrets.status()).isEqualTo(403);
        assertThat(secrets.body()).contains("it needs the 'repo' scope");
        assertThat(server.http
                        .get("/api/v3/repos/alice/shop/images", Http.token(packages))
                        .status())
                .isEqualTo(200);
        assertThat(server.http.get("/api/v3/user/tokens", Http.token(repo)).status())
                .isEqualTo(403);

        // the registry: read:packages pulls and does not push; repo alone does neither
        var denied = server.http.post("/v2/alice/shop/blobs/uploads/", "", Http.basic("x", packages));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("the token's scopes (read:packages) lack write:packages");
        assertThat(registry("GET", "/v2/alice/shop/tags/list", packages)).isIn(200, 404); // 404: no image yet
        assertThat(registry("GET", "/v2/alice/shop/tags/list", repo)).isEqualTo(403);
        var write = token("{\"name\":\"push\",\"scopes\":[\"write:packages\"]}");
        assertThat(registry("POST", "/v2/alice/shop/blobs/uploads/", write)).isEqualTo(202);
        // a token without scopes keeps all of its user's rights, as before scopes were enforced
        assertThat(registry("POST", "/v2/alice/shop/blobs/uploads/", alice)).isEqualTo(202);

        // git: repo clones and pushes; read:packages reads only what anyone may (not this private repository)
        var git = new GitCli(dir.resolve("home-scopes"));
        assertThat(git.run(dir, "ls-remote", server.cloneUrl("alice/shop", Optional.of(packages)))
                        .exit())
                .isNotZero();
        assertThat(git.run(dir, "ls-remote", server.cloneUrl("alice/shop", Optional.of(repo)))
                        .exit())
                .isZero();
    }

    @Test
    void scopesAreCheckedWhenATokenIsMadeAndNoTokenWidensItsOwnReach() {
        var unknown = server.http.post(
                "/api/v3/user/tokens",
                "{\"name\":\"typo\",\"scopes\":[\"repo\",\"write:package\"]}",
                Http.basic("alice", password));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown scope 'write:package'", "write:packages");

        var manager = token("{\"name\":\"manager\",\"scopes\":[\"user\",\"read:packages\"]}");
        var narrower = server.http.post(
                "/api/v3/user/tokens", "{\"name\":\"n\",\"scopes\":[\"read:packages\"]}", Http.token(manager));
        assertThat(narrower.status()).as(narrower.body()).isEqualTo(201);
        var wider =
                server.http.post("/api/v3/user/tokens", "{\"name\":\"w\",\"scopes\":[\"repo\"]}", Http.token(manager));
        assertThat(wider.status()).isEqualTo(403);
        assertThat(wider.body()).contains("may only create tokens with some of its own scopes");
        var all = server.http.post("/api/v3/user/tokens", "{\"name\":\"a\"}", Http.token(manager));
        assertThat(all.status()).isEqualTo(403);
        assertThat(all.body()).contains("a token without scopes");
    }

    @Test
    void aPushThatChangesAWorkflowFileNeedsTheWorkflowScope() {
        var repo = token("{\"name\":\"code\",\"scopes\":[\"repo\"]}");
        var both = token("{\"name\":\"ci\",\"scopes\":[\"repo\",\"workflow\"]}");
        var git = new GitCli(dir.resolve("home-workflow"));
        Path work = dir.resolve("clone-workflow");
        git.run(dir, "clone", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), work.toString())
                .ok();

        git.run(work, "commit", "-q", "--allow-empty", "-m", "nothing of workflows")
                .ok();
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(repo)), "main")
                .ok();

        writeAndCommit(
                git,
                work,
                ".github/workflows/extra.yml",
                "on: workflow_call\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{run: 'true'}]\n");
        var refused = git.run(work, "push", server.cloneUrl("alice/shop", Optional.of(repo)), "main");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("lacks the 'workflow' scope").contains(".github/workflows/extra.yml");
        // a new branch is compared with where it left the default branch
        var branch = git.run(work, "push", server.cloneUrl("alice/shop", Optional.of(repo)), "main:feature");
        assertThat(branch.exit()).isNotZero();
        assertThat(branch.err()).contains("lacks the 'workflow' scope");

        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(both)), "main")
                .ok();
    }

    private static void writeAndCommit(GitCli git, Path work, String file, String content) {
        try {
            java.nio.file.Files.createDirectories(work.resolve(file).getParent());
            java.nio.file.Files.writeString(work.resolve(file), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        git.run(work, "add", file).ok();
        git.run(work, "commit", "-q", "-m", "add " + file).ok();
    }

    private static String token(String body) {
        var made = server.http.post("/api/v3/user/tokens", body, Http.basic("alice", password));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("token").asText();
    }

    private static int registry(String method, String path, String token) {
        var auth = Http.basic("x", token);
        return method.equals("POST")
                ? server.http.post(path, "", auth).status()
                : server.http.get(path, auth).status();
    }
}
