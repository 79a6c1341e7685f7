package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway selftest}, which is also the launcher's AOT training run: when it fails, the launcher silently runs
 * without a cache.
 */
class SelfTestIT {
    @TempDir
    Path tmp;

    @Test
    void selfTestRunsItsWorkflowAndSucceeds() {
        Cli.Result r = Cli.run(tmp.resolve("state"), "selftest");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("check (1)", "check (2)")
                .contains("step 1 ok", "step 2 ok")
                .contains("✓ Run succeeded");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void wideWorkflowOfTheTrainingRunSucceeds() {
        Cli.Result r = Cli.run(tmp.resolve("state"), "selftest", "--jobs", "7");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("w1", "w3", "m (1)", "m (3)", "all").contains("selftest: 7 jobs succeeded");
        assertThat(r.all()).doesNotContain("\tat ");
    }
}
