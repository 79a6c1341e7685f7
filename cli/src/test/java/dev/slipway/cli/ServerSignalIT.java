package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway server} stopped with SIGTERM at different moments of its start (while the JVM and the database come
 * up, while it starts listening, once ready) stops cleanly: it exits, says nothing of an internal error and prints
 * no stack trace, and a second start on the same data directory works.
 */
class ServerSignalIT {
    @TempDir
    Path dir;

    @Test
    void sigtermWhileStartingOrRunningStopsCleanly() throws Exception {
        for (long delayMs : List.of(400L, 900L, 1500L, 4000L)) {
            var output = dir.resolve("server-" + delayMs + ".log");
            var process = start(output);
            Thread.sleep(delayMs);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("exited after SIGTERM at %d ms", delayMs)
                    .isTrue();
            var log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(log)
                    .as("output after SIGTERM at %d ms", delayMs)
                    .doesNotContain("internal error")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        var output = dir.resolve("server-last.log");
        var last = start(output);
        try {
            var deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(output, StandardCharsets.UTF_8).contains("Slipway ready on")) {
                assertThat(last.isAlive()).as(Files.readString(output)).isTrue();
                assertThat(System.nanoTime()).as("ready within 2 minutes").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            last.destroy();
            last.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process start(Path output) throws IOException {
        return new ProcessBuilder(Cli.inNewJvm(
                        "server",
                        "--port",
                        String.valueOf(Cli.freePort()),
                        "--data",
                        dir.resolve("data").toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }
}
