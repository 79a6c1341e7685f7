package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code slipway} without a subcommand, and its own options, whose command line {@link Main#root} builds. */
class MainTest {
    private static String stdout(Runnable action) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsTheUsageWithEveryCommand() {
        int[] exit = new int[1];
        String out = stdout(() -> exit[0] = Main.execute());
        assertThat(exit[0]).isZero();
        assertThat(out)
                .startsWith("Usage: slipway [-hV] [COMMAND]")
                .contains("-V, --version")
                .contains("  run ")
                .contains("  lint ")
                .contains("  server ");
    }

    @Test
    void versionAndHelp() {
        int[] exit = new int[2];
        String version = stdout(() -> exit[0] = Main.execute("--version"));
        String help = stdout(() -> exit[1] = Main.execute("--help"));
        assertThat(exit).containsOnly(0);
        assertThat(version).startsWith("slipway ");
        int[] runExit = new int[1];
        assertThat(stdout(() -> runExit[0] = Main.execute("run", "--version"))).isEqualTo(version);
        assertThat(runExit[0]).isZero();
        assertThat(help).contains("Self-hosted software delivery").contains("-h, --help");
    }
}
