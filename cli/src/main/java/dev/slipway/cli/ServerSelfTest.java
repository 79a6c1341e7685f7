package dev.slipway.cli;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * {@code slipway selftest --server}: a server in a temporary data directory on a free port, the selftest repository
 * pushed to it over HTTP, its run awaited through the API, then its jobs' logs fetched. Exercises what
 * a server does at start and on the first push, which makes it the training run of the launcher's AOT cache.
 */
final class ServerSelfTest {
    private static final String USER = "selftest";
    private static final long LIMIT_MILLIS = 60_000;

    private ServerSelfTest() {}

    /** The run's conclusion ("success" when all went well) or what went wrong. */
    static String run(Path repository) throws Exception {
        Path data = Files.createTempDirectory("slipway-selftest-server");
        var password = "pw-" + Long.toHexString(System.nanoTime());
        var config = ServerConfig.defaults()
                .withPort(0)
                .withDataDir(data)
                .withAdmin(new ServerConfig.AdminAccount(USER, password));
        try (var server = SlipwayServer.start(
                config, ServerCommand::platforms, new PrintStream(OutputStream.nullOutputStream()))) {
            var api = ApiClient.withPassword(server.url(), USER, password);
            api.post("/user/repos", Map.of("name", "selftest"));
            try (var git = Git.open(repository.toFile())) {
                git.push()
                        .setRemote(server.url() + "/" + USER + "/selftest.git")
                        .setCredentialsProvider(new UsernamePasswordCredentialsProvider(USER, password))
                        .add("main")
                        .call();
            }
            long deadline = System.currentTimeMillis() + LIMIT_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                var runs = api.get("/repos/" + USER + "/selftest/actions/runs").path("workflow_runs");
                if (!runs.isEmpty()
                        && "completed".equals(runs.get(0).path("status").asText())) {
                    var id = runs.get(0).path("id").asLong();
                    for (var job : api.get("/repos/" + USER + "/selftest/actions/runs/" + id + "/jobs")
                            .path("jobs")) {
                        api.getText("/repos/" + USER + "/selftest/actions/jobs/"
                                + job.path("id").asLong() + "/logs");
                    }
                    return runs.get(0).path("conclusion").asText();
                }
                Thread.sleep(50);
            }
            return "not completed within " + LIMIT_MILLIS / 1000 + " s";
        } finally {
            SelfTestCommand.deleteTree(data);
        }
    }
}
