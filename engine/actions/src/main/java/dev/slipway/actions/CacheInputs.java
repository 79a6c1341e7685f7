package dev.slipway.actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code actions/setup-node} and {@code actions/setup-python} check of their {@code cache} input before they
 * restore a cache, with their messages: a package manager they know, the files the cache key is made of, the
 * package manager's program. The built-ins archive nothing, but a workflow that fails there for want of a lock file
 * fails here too.
 */
final class CacheInputs {
    private static final String PYTHON_BACKUP = "**/pyproject.toml";

    private CacheInputs() {}

    /**
     * {@code setup-node}'s {@code cache: npm | yarn | pnpm}: the package manager is on {@code PATH} (with {@code
     * added}, the directories the action put first), since the real action asks it for its cache directory; then
     * {@code cache-dependency-path} matches a file of the workspace, or without it a lock file is at its top.
     */
    static void node(BuiltinCall call, String manager, List<String> added) throws IOException {
        List<String> lockFiles = switch (manager) {
            case "npm" -> List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock");
            case "pnpm" -> List.of("pnpm-lock.yaml");
            case "yarn" -> List.of("yarn.lock");
            default -> throw new IllegalArgumentException("Caching for '" + manager + "' is not supported");
        };
        Optional<String> dependencyPath = call.input("cache-dependency-path");
        List<Path> dependencies = dependencyPath.isPresent() ? matched(call, dependencyPath.get()) : List.of();
        // with cache-dependency-path, yarn is asked in each directory holding a match: none, no yarn needed
        if (!(manager.equals("yarn") && dependencyPath.isPresent() && dependencies.isEmpty())) {
            onPath(call, manager, added);
        }
        if (dependencyPath.isPresent()) {
            if (dependencies.isEmpty()) {
                throw new IllegalArgumentException(
                        "Some specified paths were not resolved, unable to cache dependencies.");
            }
            return;
        }
        if (lockFiles.stream().noneMatch(f -> Files.exists(call.workspace().resolve(f)))) {
            throw new IllegalArgumentException("Dependencies lock file is not found in " + call.workspace()
                    + ". Supported file patterns: " + String.join(",", lockFiles));
        }
    }

    /**
     * {@code setup-python}'s {@code cache: pip | pipenv | poetry}: {@code cache-dependency-path} (by default {@code
     * **}{@code /requirements.txt}, {@code Pipfile.lock} or {@code poetry.lock}; for pip also any {@code
     * pyproject.toml}) matches a file of the workspace; poetry is on {@code PATH}, as the real action runs it.
     */
    static void python(BuiltinCall call, String manager, List<String> added) throws IOException {
        Optional<String> given = call.input("cache-dependency-path");
        String patterns = switch (manager) {
            case "pip" -> given.orElse("**/requirements.txt");
            case "pipenv" -> given.orElse("**/Pipfile.lock");
            case "poetry" -> given.orElse("**/poetry.lock");
            default -> throw new IllegalArgumentException("Caching for '" + manager + "' is not supported");
        };
        boolean pip = manager.equals("pip");
        if (matched(call, patterns).isEmpty()
                && !(pip && !matched(call, PYTHON_BACKUP).isEmpty())) {
            String files = String.join(",", patterns.split("\\R")) + (pip ? " or " + PYTHON_BACKUP : "");
            throw new IllegalArgumentException("No file in " + call.workspace() + " matched to [" + files
                    + "], make sure you have checked out the target repository");
        }
        if (manager.equals("poetry")) {
            onPath(call, "poetry", added);
        }
    }

    /** The files of the workspace that {@code patterns} match, as {@code hashFiles} takes them. */
    private static List<Path> matched(BuiltinCall call, String patterns) throws IOException {
        Path workspace = call.workspace().toAbsolutePath();
        try {
            return Globs.search(patterns, workspace, UploadArtifact.home(call), true).files().stream()
                    .filter(f -> f.startsWith(workspace) && !f.equals(workspace))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Fails as {@code @actions/io}'s {@code which} does when {@code program} is on neither {@code added} nor PATH. */
    private static void onPath(BuiltinCall call, String program, List<String> added) {
        List<String> dirs = new ArrayList<>(added);
        dirs.addAll(List.of(call.envVar("PATH").orElse("").split(":")));
        for (String dir : dirs) {
            Path p = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return;
            }
        }
        throw new IllegalArgumentException("Unable to locate executable file: " + program + ". Please verify either"
                + " the file path exists or the file can be found within a directory specified by the PATH"
                + " environment variable. Also check the file mode to verify the file is executable.");
    }
}
