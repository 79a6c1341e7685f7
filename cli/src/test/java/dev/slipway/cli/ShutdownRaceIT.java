package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM or Ctrl-C that comes before a command has put its shutdown hook in place: the command finds the JVM
 * shutting down and must end quietly. It printed "internal error: IllegalStateException: Shutdown in progress" (seen
 * once in ServerSignalIT, whose signal at 400 ms fell into that window).
 */
class ShutdownRaceIT {
    @TempDir
    Path dir;

    @Test
    void serverStopsQuietlyWhenTheJvmIsAlreadyShuttingDown() throws Exception {
        assertQuiet(run(
                "server",
                "--port",
                String.valueOf(Cli.freePort()),
                "--data",
                dir.resolve("data").toString()));
    }

    @Test
    void runStopsQuietlyWhenTheJvmIsAlreadyShuttingDown() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.file(".github/workflows/ci.yml", """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo should-not-run
                """).commit("ci");
        String out = run("run", "-C", repo.dir().toString(), "--color", "never");
        assertQuiet(out);
        assertThat(out).doesNotContain("should-not-run");
    }

    private static void assertQuiet(String output) {
        assertThat(output)
                .doesNotContain("internal error")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    private String run(String... args) throws IOException, InterruptedException {
        Path output = dir.resolve("out-" + args[0] + ".log");
        Process p = new ProcessBuilder(Cli.inNewJvm(ShutdownFirst.class, args))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
