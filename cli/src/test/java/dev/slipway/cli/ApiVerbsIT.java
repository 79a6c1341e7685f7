package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API verbs ({@code login}, {@code repo}, {@code runs}, {@code secret}, {@code variable}) against a real server. */
class ApiVerbsIT {
    private static final String WORKFLOW = """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "region=${{ vars.REGION }} key=${{ secrets.API_KEY }}"
            """;

    @TempDir
    static Path dir;

    private static SlipwayServer server;
    private static String token;

    @BeforeAll
    static void start() {
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withAdmin(new ServerConfig.AdminAccount("ivy", "ivy-password-1"));
        server =
                SlipwayServer.start(config, ServerCommand::platforms, new PrintStream(OutputStream.nullOutputStream()));
        token = ApiClient.withPassword(server.url(), "ivy", "ivy-password-1")
                .post("/user/tokens", Map.of("name", "cli"))
                .path("token")
                .asText();
        System.setProperty("slipway.config", dir.resolve("config").toString());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("slipway.config");
        server.stop();
    }

    @Test
    void loginRepoSecretVariableAndRunsWorkEndToEnd() throws Exception {
        var login = cli("login", "--server", server.url(), "--token", token);
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.out()).contains("Logged in to " + server.url() + " as ivy");
        assertThat(Files.readString(RemoteOptions.loginFile())).contains(token);

        var created = cli("repo", "create", "demo", "--private");
        assertThat(created.exit()).as(created.all()).isZero();
        assertThat(created.out()).contains("Created ivy/demo (private)").contains("/ivy/demo.git");
        assertThat(cli("secret", "set", "api_key", "--repo", "ivy/demo", "--body", "k-123-secret")
                        .exit())
                .isZero();
        assertThat(cli("variable", "set", "REGION", "eu-west", "--repo", "ivy/demo")
                        .exit())
                .isZero();
        var secrets = cli("secret", "list", "--repo", "ivy/demo");
        assertThat(secrets.out()).contains("API_KEY").doesNotContain("k-123-secret");
        assertThat(cli("variable", "list", "--repo", "ivy/demo").out())
                .contains("REGION")
                .contains("eu-west");

        push("demo");
        var runId = awaitRunId();
        var watch = cli("runs", "watch", runId, "--repo", "ivy/demo");
        assertThat(watch.exit()).as(watch.all()).isZero();
        assertThat(watch.out()).contains("build: success").contains("Run " + runId + " (ci, attempt 1) success");
        var list = cli("runs", "list", "--repo", "ivy/demo");
        assertThat(list.out())
                .contains("ID")
                .contains(runId)
                .contains("success")
                .contains("push");
        var logs = cli("runs", "logs", runId, "--repo", "ivy/demo", "--job", "build");
        assertThat(logs.exit()).as(logs.all()).isZero();
        assertThat(logs.out())
                .contains("=== build")
                .contains("region=eu-west key=***")
                .doesNotContain("k-123");
        var missing = cli("runs", "logs", runId, "--repo", "ivy/demo", "--job", "nope");
        assertThat(missing.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err()).contains("no job 'nope'").contains("build");
    }

    @Test
    void unreachableServerWrongTokenAndBadInputAreClearErrorsWithoutStackTraces() {
        ApiClient.withToken(server.url(), Optional.of(token)).post("/user/repos", Map.of("name", "errs"));
        var down = cli("runs", "list", "--repo", "a/b", "--server", "http://127.0.0.1:1", "--token", "x");
        assertThat(down.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(down.err()).contains("cannot reach the Slipway server at http://127.0.0.1:1");
        var wrong = cli("runs", "list", "--repo", "ivy/errs", "--server", server.url(), "--token", "slw_wrong");
        assertThat(wrong.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(wrong.err()).contains("refused the credentials").contains("401");
        var badRepo = cli("runs", "list", "--repo", "no-slash", "--server", server.url(), "--token", token);
        assertThat(badRepo.err()).contains("--repo must be OWNER/NAME");
        var badName = cli(
                "secret",
                "set",
                "1BAD",
                "--body",
                "x",
                "--repo",
                "ivy/errs",
                "--server",
                server.url(),
                "--token",
                token);
        assertThat(badName.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badName.err()).contains("'name'");
        for (var r : java.util.List.of(down, wrong, badRepo, badName)) {
            assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static Cli.Result cli(String... args) {
        return Cli.run(dir.resolve("state"), args);
    }

    private static void push(String name) throws Exception {
        var work = dir.resolve("work-" + name);
        Files.createDirectories(work.resolve(".github/workflows"));
        Files.writeString(work.resolve(".github/workflows/ci.yml"), WORKFLOW);
        try (var git =
                Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("ci")
                    .setAuthor("ivy", "ivy@example.com")
                    .setCommitter("ivy", "ivy@example.com")
                    .setSign(false)
                    .call();
            git.push()
                    .setRemote(server.url() + "/ivy/" + name + ".git")
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("ivy", token))
                    .add("main")
                    .call();
        }
    }

    /** The id of the push's run, once it exists (a bounded wait). */
    private static String awaitRunId() throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        var id = Pattern.compile("(?m)^(\\d+)\\s");
        while (Instant.now().isBefore(deadline)) {
            var m = id.matcher(cli("runs", "list", "--repo", "ivy/demo").out());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run appeared");
    }
}
