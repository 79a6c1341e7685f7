package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code slipway run --watch}, in a JVM of its own: runs again when the working tree changes, until stopped. */
class WatchIT extends WorkflowRunIT {
    private static final String WORKFLOW = """
            on: push
            jobs:
              j:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: echo "app says $(cat app.txt)"
            """;

    @Test
    void runsAgainOnEachChangeOutlivesABrokenWorkflowAndIgnoresIgnoredFiles() throws Exception {
        repo.file(".gitignore", "build/\n")
                .file("app.txt", "v1")
                .file(".github/workflows/ci.yml", WORKFLOW)
                .commit("app");
        Process p = Cli.runInNewJvm(state, repo.dir(), "--watch");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder all = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was stopped
            }
        });
        try {
            await(lines, all, "app says v1");
            await(lines, all, "slipway: watching");

            Files.writeString(repo.dir().resolve("app.txt"), "v2");
            await(lines, all, "slipway: the working tree changed (app.txt); running again");
            await(lines, all, "app says v2");
            await(lines, all, "slipway: watching");

            // a workflow that does not parse is reported and the watch goes on; the fix runs
            Files.writeString(repo.dir().resolve(".github/workflows/ci.yml"), WORKFLOW.replace("steps:", "stepz:"));
            await(lines, all, "ci.yml:");
            await(lines, all, "slipway: watching");
            Files.writeString(repo.dir().resolve(".github/workflows/ci.yml"), WORKFLOW.replace("app says", "fixed,"));
            await(lines, all, "fixed, v2");
            await(lines, all, "slipway: watching");

            // what .gitignore ignores starts no run
            Files.createDirectories(repo.dir().resolve("build"));
            Files.writeString(repo.dir().resolve("build/out.txt"), "output");
            String quiet = lines.poll(3, TimeUnit.SECONDS);
            assertThat(quiet).as(all.toString()).isNull();
            assertThat(p.isAlive()).as(all.toString()).isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
        }
    }

    /** Reads lines until one contains {@code text}; fails after 60 s, showing what came. */
    private static void await(BlockingQueue<String> lines, StringBuilder all, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                all.append(line).append('\n');
                if (line.contains(text)) {
                    return;
                }
            }
        }
        throw new AssertionError("no line with '" + text + "' in:\n" + all);
    }
}
