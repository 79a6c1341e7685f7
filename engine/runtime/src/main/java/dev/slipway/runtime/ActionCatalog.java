package dev.slipway.runtime;

import dev.slipway.actions.ActionException;
import dev.slipway.actions.ActionRef;
import dev.slipway.actions.BuiltinAction;
import dev.slipway.common.Diagnostic;
import dev.slipway.workflow.ActionDef;
import dev.slipway.workflow.ActionParser;
import dev.slipway.workflow.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds what a {@code uses:} names: a built-in, or a directory with a parsed {@code action.yml}. In a container job,
 * remote Node.js and composite actions are copied under the runner temp directory, which the job container sees at the
 * same path (as GitHub mounts its {@code _actions} folder), so their scripts run there.
 */
final class ActionCatalog {
    private final RuntimeOptions options;
    private final Path workspace;
    private final Optional<Path> containerCopies;
    private final Map<String, Found> remote = new HashMap<>();
    private final SelfRepository self;
    /** The repository root of each remote action's directory, for the {@code $/} references of its own steps. */
    private final Map<Path, Path> remoteRoots = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param containerCopies where remote actions are copied for a job container to see them; empty on the host
     * @param self the workflow's own repository at the running commit, for {@code $/} references
     */
    ActionCatalog(RuntimeOptions options, Path workspace, Optional<Path> containerCopies, SelfRepository self) {
        this.options = options;
        this.workspace = workspace;
        this.containerCopies = containerCopies;
        this.self = self;
    }

    ActionCatalog(RuntimeOptions options, Path workspace) {
        this(options, workspace, Optional.empty(), SelfRepository.NONE);
    }

    /** What a {@code uses:} resolves to. */
    sealed interface Found {
        /** An action implemented in Java. */
        record Builtin(BuiltinAction action) implements Found {}

        /** An action defined by an {@code action.yml} in {@code dir}. */
        record Defined(Path dir, ActionDef def) implements Found {}

        /** {@code uses: docker://IMAGE}: a container image run as the step. */
        record Image(String image) implements Found {}

        /** Why the action cannot run. */
        record Missing(String message) implements Found {}
    }

    static boolean isLocal(String uses) {
        return uses.startsWith("./") || uses.startsWith(".\\") || uses.equals(".");
    }

    Found find(String uses) {
        return find(uses, Optional.empty());
    }

    /**
     * What a {@code uses:} in a step of the composite action in {@code within} (empty: a step of the job) resolves to:
     * {@code $/path} names the action's own repository when it is a remote action, else the workflow's, at the
     * running commit.
     */
    synchronized Found find(String uses, Optional<Path> within) {
        String u = uses.strip();
        if (u.startsWith("$/")) {
            return selfReference(u, within.map(p -> remoteRoots.get(p.normalize())));
        }
        if (u.startsWith("docker://")) {
            String image = u.substring("docker://".length());
            return image.isBlank()
                    ? new Found.Missing("'" + u + "' names no image; expected docker://IMAGE")
                    : new Found.Image(image);
        }
        if (isLocal(u)) {
            return load(workspace.resolve(u).normalize(), u, workspace);
        }
        return remote.computeIfAbsent(u, this::findRemote);
    }

    private Found selfReference(String uses, Optional<Path> remoteRoot) {
        Path root;
        if (remoteRoot.isPresent()) {
            root = remoteRoot.get();
        } else {
            SelfRepository.Root found = self.root();
            if (found.path().isEmpty()) {
                return new Found.Missing("'" + uses + "' names the workflow's own repository, but " + found.why());
            }
            root = found.path().get();
        }
        String rest = uses.substring(2);
        while (rest.startsWith("./")) {
            rest = rest.substring(2);
        }
        Path dir = root.resolve(rest).normalize();
        if (!dir.startsWith(root)) {
            return new Found.Missing("'" + uses + "' leads out of the repository");
        }
        return load(dir, uses);
    }

    private Found findRemote(String uses) {
        Optional<BuiltinAction> builtin = options.builtins().find(uses);
        if (builtin.isPresent()) {
            return new Found.Builtin(builtin.get());
        }
        Optional<ActionRef> ref = ActionRef.parse(uses);
        if (ref.isEmpty()) {
            return new Found.Missing("invalid action reference '" + uses
                    + "': expected owner/repo[/path]@ref, ./path or docker://image");
        }
        try {
            Optional<Path> dir = options.actions().resolve(ref.get());
            if (dir.isEmpty()) {
                return new Found.Missing("action '" + uses + "' not found in the action source "
                        + options.actionSourceDescription() + "; configure --action-source");
            }
            Found found = load(dir.get(), uses);
            rootOf(dir.get(), ref.get().path())
                    .ifPresent(r -> remoteRoots.put(dir.get().normalize(), r));
            if (containerCopies.isEmpty()
                    || !(found instanceof Found.Defined d)
                    || d.def().runs() instanceof dev.slipway.workflow.Runs.Docker) {
                return found; // a Docker action is built on this side, with its directory as the context
            }
            Path copy = containerCopies.get().resolve(String.valueOf(remote.size() + 1));
            try {
                copyTree(dir.get(), copy);
            } catch (IOException e) {
                return new Found.Missing(
                        "cannot copy action '" + uses + "' for the job container to " + copy + ": " + e.getMessage());
            }
            rootOf(dir.get(), ref.get().path()).ifPresent(r -> remoteRoots.put(copy.normalize(), r));
            return load(copy, uses);
        } catch (ActionException e) {
            return new Found.Missing(e.getMessage());
        }
    }

    /** The repository root of an action directory {@code dir} that is {@code path} inside it. */
    private static Optional<Path> rootOf(Path dir, Optional<String> path) {
        Path root = dir.normalize();
        int depth = path.map(p -> Path.of(p).normalize().getNameCount()).orElse(0);
        for (int i = 0; i < depth; i++) {
            root = root.getParent();
            if (root == null) {
                return Optional.empty();
            }
        }
        return Optional.of(root);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(
                            p,
                            target,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Found load(Path dir, String uses) {
        return load(dir, uses, null);
    }

    /**
     * The action in {@code dir}; with {@code base} (the workspace, for {@code uses: ./path}), its diagnostics name the
     * file as the repository does ({@code .github/actions/x/action.yml:16:13}), not where the job checked it out.
     */
    private static Found load(Path dir, String uses, @org.jspecify.annotations.Nullable Path base) {
        Path file = dir.resolve("action.yml");
        if (!Files.isRegularFile(file)) {
            file = dir.resolve("action.yaml");
        }
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(dir.resolve("Dockerfile"))) {
                return new Found.Missing("can't find 'action.yml' or 'action.yaml' under '" + dir + "' for '" + uses
                        + "': a Docker container action needs one with 'runs: using: docker' next to its Dockerfile");
            }
            return new Found.Missing("can't find 'action.yml' or 'action.yaml' under '" + dir + "' for '" + uses + "'"
                    + (isLocal(uses) ? "; did you forget to check out the repository first?" : ""));
        }
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Found.Missing("cannot read " + file + ": " + e.getMessage());
        }
        String name =
                base != null && file.startsWith(base) ? base.relativize(file).toString() : file.toString();
        ParseResult<ActionDef> parsed = ActionParser.parse(name, yaml);
        if (parsed.hasErrors() || parsed.value().isEmpty()) {
            return new Found.Missing(parsed.diagnostics().stream()
                    .filter(Diagnostic::isError)
                    .map(Diagnostic::render)
                    .collect(Collectors.joining("\n")));
        }
        return new Found.Defined(dir, parsed.value().get());
    }
}
