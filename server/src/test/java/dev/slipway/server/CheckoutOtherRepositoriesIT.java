package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actions/checkout} on the server of another of its repositories ({@code repository: owner/name}) and of
 * submodules hosted on it: the job's token reads the run's repository and the public ones, as {@code GITHUB_TOKEN}
 * does; a private one needs a user's access token as the {@code token} input. And a {@code $/} reference (the
 * workflow's own repository at the running commit), read out of the server's bare repository without a checkout.
 */
class CheckoutOtherRepositoriesIT {
    private static final String WORKFLOW = """
            name: other
            on: workflow_dispatch
            jobs:
              checkout:
                runs-on: ubuntu-latest
                steps:
                  - uses: $/.github/actions/greet
                  - uses: actions/checkout@v4
                    with:
                      repository: gus/tools
                      path: tools
                  - run: echo "public says $(cat tools/tool.txt)"
                  - id: nopat
                    continue-on-error: true
                    uses: actions/checkout@v4
                    with:
                      repository: fay/lib
                      path: lib-without-token
                  - uses: actions/checkout@v4
                    with:
                      repository: fay/lib
                      path: lib
                      token: ${{ secrets.FAY_PAT }}
                  - run: echo "private says $(cat lib/lib.txt)"
                  - id: other
                    continue-on-error: true
                    uses: actions/checkout@v4
                    with:
                      repository: gus/secret
                      path: secret
                      token: ${{ secrets.FAY_PAT }}
                  - uses: actions/checkout@v4
                    with:
                      path: app
                      submodules: true
                      token: ${{ secrets.FAY_PAT }}
                  - run: |
                      echo "submodule says $(cat app/vendor/lib/lib.txt)"
                      echo "outcomes ${{ steps.nopat.outcome }} ${{ steps.other.outcome }}"
                      test ! -e lib-without-token/lib.txt && test ! -e secret/secret.txt && echo "nothing leaked"
            """;
    private static final String ACTIONS = "/api/v3/repos/fay/app/actions";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String fay;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        fay = server.userWithToken("fay");
        String gus = server.userWithToken("gus");
        GitCli git = new GitCli(dir.resolve("home"));
        create(fay, "lib", true);
        push(git, "fay/lib", fay, "lib.txt", "fay's private lib");
        create(gus, "tools", false);
        push(git, "gus/tools", gus, "tool.txt", "gus's public tool");
        create(gus, "secret", true);
        push(git, "gus/secret", gus, "secret.txt", "gus's secret");
        create(fay, "app", true);
        Path work = dir.resolve("work-app");
        git.initAndCommit(
                work,
                ".github/workflows/other.yml",
                WORKFLOW,
                ".github/actions/greet/action.yml",
                "name: greet\nruns:\n  using: composite\n  steps:\n    - run: echo \"greeted from $(basename $GITHUB_ACTION_PATH)\"\n"
                        + "      shell: bash\n");
        String lib = git.run(dir.resolve("work-fay-lib"), "rev-parse", "HEAD")
                .ok()
                .out()
                .strip();
        // a submodule by a URL relative to the superproject's on this server, recorded without cloning it
        git.run(work, "update-index", "--add", "--cacheinfo", "160000," + lib + ",vendor/lib")
                .ok();
        Files.writeString(
                work.resolve(".gitmodules"), "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib.git\n");
        git.run(work, "add", ".gitmodules").ok();
        git.run(work, "commit", "-q", "-m", "submodule").ok();
        git.run(work, "push", "-q", server.cloneUrl("fay/app", Optional.of(fay)), "main")
                .ok();
        var secret = server.http.put(ACTIONS + "/secrets/FAY_PAT", "{\"data\":\"" + fay + "\"}", Http.token(fay));
        assertThat(secret.status()).as(secret.body()).isEqualTo(201);
    }

    private static void create(String token, String name, boolean isPrivate) {
        var created = server.http.post(
                "/api/v3/user/repos", "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}", Http.token(token));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void push(GitCli git, String fullName, String token, String file, String content) {
        Path work = dir.resolve("work-" + fullName.replace('/', '-'));
        git.initAndCommit(work, file, content);
        git.run(work, "push", "-q", server.cloneUrl(fullName, Optional.of(token)), "main")
                .ok();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theJobsTokenReadsPublicRepositoriesAndAUsersTokenWhatThatUserMay() {
        var dispatched =
                server.http.post(ACTIONS + "/workflows/other.yml/dispatches", "{\"ref\":\"main\"}", Http.token(fay));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var run = server.awaitRun(
                ACTIONS + "/runs",
                Http.token(fay),
                r -> r.get("status").asText().equals("completed"));
        var job = server.http
                .get(ACTIONS + "/runs/" + run.get("id").asLong() + "/jobs", Http.token(fay))
                .json()
                .get("jobs")
                .get(0);
        var log = server.http
                .get(ACTIONS + "/jobs/" + job.get("id").asLong() + "/logs", Http.token(fay))
                .body();

        assertThat(run.get("conclusion").asText()).as(log).isEqualTo("success");
        assertThat(log)
                .contains("greeted from greet")
                .contains("public says gus's public tool")
                .contains("repository 'fay/lib' is not on this server, or the job's token may not read it")
                .contains("private says fay's private lib")
                .contains("repository 'gus/secret' is not on this server, or the token input may not read it")
                .contains("submodule says fay's private lib")
                .contains("outcomes failure failure")
                .contains("nothing leaked")
                .doesNotContain(fay);
    }
}
