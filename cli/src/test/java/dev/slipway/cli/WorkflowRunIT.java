package dev.slipway.cli;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the {@code slipway run} integration tests: a fresh repository and state directory per test. */
abstract class WorkflowRunIT {
    @TempDir
    Path tmp;

    TestRepo repo;
    Path state;

    @BeforeEach
    void newRepository() {
        repo = TestRepo.init(tmp.resolve("repo"));
        state = tmp.resolve("state");
    }

    /** Commits {@code workflow} as {@code .github/workflows/ci.yml} and runs {@code slipway run ARGS} in the repository. */
    Cli.Result run(String workflow, String... args) {
        repo.file(".github/workflows/ci.yml", workflow).commit("workflow");
        return Cli.runIn(repo, state, args);
    }
}
