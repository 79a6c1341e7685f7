package dev.slipway.cli;

import dev.slipway.actions.ActionException;
import dev.slipway.actions.ActionRef;
import dev.slipway.actions.ActionSource;
import dev.slipway.run.Orchestrator;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The workflow files {@code slipway run} reads: those of a repository on disk ({@code root}), and reusable workflows of
 * other repositories ({@code uses: owner/repo/.github/workflows/x.yml@ref}) from the action source, as remote actions
 * are (there is no GitHub to fetch them from). A called workflow's own {@code ./} calls are read from its repository
 * at the same ref.
 */
final class RepoWorkflows implements Orchestrator.WorkflowSource {
    private final Path root;
    private final Optional<ActionRef> origin;
    private final ActionSource actions;

    private RepoWorkflows(Path root, Optional<ActionRef> origin, ActionSource actions) {
        this.root = root;
        this.origin = origin;
        this.actions = actions;
    }

    /** The workflows of the repository at {@code root}, and other repositories' from {@code actions}. */
    static RepoWorkflows of(Path root, ActionSource actions) {
        return new RepoWorkflows(root, Optional.empty(), actions);
    }

    @Override
    public ParseResult<Workflow> load(String path) {
        Path file = root.resolve(path);
        return origin.isPresent()
                ? WorkflowLoader.parseAs(file, origin.get().withPath(path).toString())
                : WorkflowLoader.parse(file, root);
    }

    @Override
    public Orchestrator.Remote remote(String uses, ActionRef ref) {
        String path = ref.path().orElseThrow();
        Optional<Path> repository;
        try {
            repository = actions.repository(ref);
        } catch (ActionException e) {
            return new Orchestrator.Remote.Missing("reusable workflow " + uses + ": " + e.getMessage());
        }
        if (repository.isEmpty()) {
            return new Orchestrator.Remote.Missing("reusable workflow " + uses
                    + " not found; locations tried (--action-source, SLIPWAY_ACTION_SOURCE): " + actions.describe());
        }
        Path file = repository.get().resolve(path);
        if (!Files.isRegularFile(file)) {
            return new Orchestrator.Remote.Missing(
                    "reusable workflow " + uses + ": " + ref.repository() + " has no " + path);
        }
        return new Orchestrator.Remote.Found(
                WorkflowLoader.parseAs(file, ref.toString()),
                new RepoWorkflows(repository.get(), Optional.of(ref), actions));
    }
}
