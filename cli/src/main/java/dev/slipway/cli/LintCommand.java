package dev.slipway.cli;

import dev.slipway.common.Diagnostic;
import dev.slipway.workflow.WorkflowFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway lint [FILES]}: prints the diagnostics of workflow files (and of action metadata files named among
 * FILES); exit 2 when any is an error.
 */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check workflow files and print every problem as file:line:col: message.")
final class LintCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "FILES",
            description = "Workflow files (default: .github/workflows and .slipway/workflows of this repository);"
                    + " a file named action.yml or action.yaml is checked as an action's metadata.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        Path root = Path.of("").toAbsolutePath();
        List<Path> targets = files.isEmpty() ? WorkflowFiles.discover(Repos.root(root)) : files;
        if (targets.isEmpty()) {
            System.err.println("slipway: no workflow files found under .github/workflows or .slipway/workflows");
            return Main.EXIT_USAGE;
        }
        List<Diagnostic> all = new ArrayList<>();
        for (Path file : targets) {
            all.addAll(
                    WorkflowLoader.isActionFile(file)
                            ? WorkflowLoader.actionDiagnostics(file, root)
                            : WorkflowLoader.parse(file, root).diagnostics());
        }
        all.sort(Diagnostic.BY_POSITION);
        all.forEach(d -> System.out.println(d.render()));
        return all.stream().anyMatch(Diagnostic::isError) ? Main.EXIT_USAGE : 0;
    }
}
