package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of {@code slipway run}, which {@link RunCommand#spec} describes to picocli without annotations. */
class RunCommandTest {
    private static RunCommand parse(String... args) {
        RunCommand r = new RunCommand();
        new CommandLine(RunCommand.spec(r)).parseArgs(args);
        return r;
    }

    @Test
    void everyOptionReachesItsField() {
        RunCommand r = parse(
                "ci.yml",
                "-e",
                "workflow_dispatch",
                "--event-file",
                "ev.json",
                "-j",
                "build",
                "--job",
                "test",
                "-i",
                "a=1",
                "--input",
                "b=2",
                "--input-file",
                "in.env",
                "--var",
                "V=x",
                "--var-file",
                "vars.env",
                "-s",
                "TOKEN",
                "--secret",
                "K=v",
                "--secret-file",
                "s.env",
                "--matrix",
                "os:linux",
                "-P",
                "ubuntu-latest=host",
                "--action-source",
                "/mirror",
                "--parallel",
                "3",
                "--list",
                "--graph",
                "--json",
                "--no-fold",
                "--color",
                "never",
                "-v",
                "--keep",
                "--uncommitted",
                "--watch",
                "-C",
                "repo");
        assertThat(r.workflow).contains("ci.yml");
        assertThat(r.event).isEqualTo("workflow_dispatch");
        assertThat(r.eventFile).contains(Path.of("ev.json"));
        assertThat(r.jobs).containsExactly("build", "test");
        assertThat(r.inputs).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(r.inputFiles).containsExactly(Path.of("in.env"));
        assertThat(r.vars).containsExactly(Map.entry("V", "x"));
        assertThat(r.varFiles).containsExactly(Path.of("vars.env"));
        assertThat(r.secrets).containsExactly("TOKEN", "K=v");
        assertThat(r.secretFiles).containsExactly(Path.of("s.env"));
        assertThat(r.matrix).containsExactly("os:linux");
        assertThat(r.platforms).containsExactly(Map.entry("ubuntu-latest", "host"));
        assertThat(r.actionSources).containsExactly("/mirror");
        assertThat(r.parallel).isEqualTo(3);
        assertThat(List.of(r.list, r.graph, r.json, r.noFold, r.verbose, r.keep, r.uncommitted, r.watch))
                .containsOnly(true);
        assertThat(r.color).isEqualTo("never");
        assertThat(r.directory).contains(Path.of("repo"));
    }

    @Test
    void nothingGivenKeepsTheDefaults() {
        RunCommand r = parse();
        RunCommand fresh = new RunCommand();
        assertThat(r.workflow).isEqualTo(Optional.empty());
        assertThat(r.event).isEqualTo("push");
        assertThat(r.eventFile).isEmpty();
        assertThat(r.jobs).isEmpty();
        assertThat(r.inputs).isEmpty();
        assertThat(r.secrets).isEmpty();
        assertThat(r.parallel).isEqualTo(fresh.parallel).isGreaterThanOrEqualTo(4);
        assertThat(List.of(r.list, r.graph, r.json, r.noFold, r.verbose, r.keep, r.uncommitted, r.watch))
                .containsOnly(false);
        assertThat(r.color).isEqualTo("auto");
        assertThat(r.directory).isEmpty();
    }

    @Test
    void helpListsTheOptionsInOrderWithTheParallelDefault() {
        String usage = Main.commandLine("run").getSubcommands().get("run").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(usage)
                .startsWith("Usage: slipway run [-hvV]")
                .contains("Run the workflows of the repository you are in")
                .contains("[WORKFLOW]")
                .contains("(default: " + new RunCommand().parallel + ")");
        List<String> order = List.of(
                "-e, --event=EVENT",
                "--event-file=FILE",
                "-j, --job=JOB",
                "-i, --input=KEY=VALUE",
                "--input-file=FILE",
                "--var=KEY=VALUE",
                "--var-file=FILE",
                "-s, --secret=KEY[=VALUE]",
                "--secret-file=FILE",
                "--matrix=KEY:VALUE",
                "-P, --platform=LABEL=EXECUTOR",
                "--action-source=DIR|URL",
                "--parallel=N",
                "--list",
                "--graph",
                "--json",
                "--no-fold",
                "--color=WHEN",
                "-v, --verbose",
                "--keep",
                "--uncommitted",
                "--watch",
                "-C, --directory=DIR",
                "-h, --help",
                "-V, --version");
        int at = usage.indexOf("      [WORKFLOW]   ");
        assertThat(at).isPositive();
        for (String option : order) {
            int next = usage.indexOf("  " + option, at);
            assertThat(next).as(option + " after the previous option").isGreaterThan(at);
            at = next;
        }
    }
}
