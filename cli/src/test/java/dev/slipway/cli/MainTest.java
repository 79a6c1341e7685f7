package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway} without a subcommand, and its own options, whose command line {@link Main#root} builds. */
class MainTest {
    @TempDir
    Path state;

    @Test
    void noArgumentsPrintsTheUsageWithEveryCommand() {
        Cli.Result r = Cli.run(state);
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("Usage: slipway [-hV] [COMMAND]")
                .contains("-V, --version")
                .contains("  run ")
                .contains("  lint ")
                .contains("  server ");
    }

    @Test
    void versionAndHelp() {
        Cli.Result version = Cli.run(state, "--version");
        Cli.Result help = Cli.run(state, "--help");
        Cli.Result runVersion = Cli.run(state, "run", "--version");
        assertThat(version.exit()).isZero();
        assertThat(help.exit()).isZero();
        assertThat(version.out()).startsWith("slipway ");
        assertThat(runVersion.out()).isEqualTo(version.out());
        assertThat(runVersion.exit()).isZero();
        assertThat(help.out()).contains("Self-hosted software delivery").contains("-h, --help");
    }
}
