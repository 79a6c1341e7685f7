package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTest {
    @TempDir
    Path logs;

    @Test
    void everyLineReachesTheDiskSoonWhileTheLogIsOpen() throws Exception {
        try (var log = JobLog.open(logs, 7, 42)) {
            log.step(new StepRef(0, Optional.empty(), "Run make", false));
            log.line(LogLine.of(LogLine.Kind.COMMAND, "make"));
            log.line(LogLine.of(LogLine.Kind.OUTPUT, "built ***"));

            // the flusher writes lines at most FLUSH_MILLIS late; a generous bound for a loaded machine
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.readAllLines(logs.resolve("7/42.log")).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(JobLog.FLUSH_MILLIS);
            }
            assertThat(Files.readAllLines(logs.resolve("7/42.log")))
                    .containsExactly("##[step] Run make", "[command]make", "built ***");
        }
    }

    @Test
    void workflowCommandLinesKeepTheirGithubMarkers() throws Exception {
        try (var log = JobLog.open(logs, 1, 2)) {
            log.line(LogLine.of(LogLine.Kind.GROUP_START, "Setup"));
            log.line(LogLine.of(LogLine.Kind.WARNING, "careful"));
            log.line(LogLine.of(LogLine.Kind.GROUP_END, ""));
            log.error("two\nlines");
        }
        try (var again = JobLog.open(logs, 1, 2)) {
            again.line(LogLine.of(LogLine.Kind.NOTICE, "second attempt"));
        }

        assertThat(Files.readAllLines(JobLog.path(logs, 1, 2)))
                .containsExactly(
                        "##[group]Setup",
                        "##[warning]careful",
                        "##[endgroup]",
                        "##[error]two",
                        "##[error]lines",
                        "##[notice]second attempt");
    }
}
